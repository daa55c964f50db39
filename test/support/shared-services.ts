import { startService, ServiceProcess } from './service-process';
import { HttpClient, httpClient, startTestApp, TEST_ENV, TestApp } from './test-app';
import { createSharedServerDatabase, TestDatabase } from './test-database';

/**
 * Service processes on one database of the shared server (see `sharedServerUrl`), and a
 * service in the test's own process on it too (`hub`), to set the stage and read the database.
 */
export interface SharedServices {
  hub: TestApp;
  services: ServiceProcess[];
  /** A client for each service process. */
  clients: HttpClient[];
  stop(): Promise<void>;
}

export async function startSharedServices(count = 2): Promise<SharedServices> {
  const database: TestDatabase = await createSharedServerDatabase();
  const own = { JOB_INTERVAL_SECONDS: '0' };
  const env = { ...TEST_ENV, ...database.env, ...own };
  // All start on the database at once: the migrations take turns.
  const [hub, ...services] = await Promise.all([
    startTestApp(own, database),
    ...Array.from({ length: count }, () => startService(env)),
  ]);
  return {
    hub,
    services,
    clients: services.map((service) => httpClient(service.url)),
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
      await hub.close();
      await database.drop();
    },
  };
}
