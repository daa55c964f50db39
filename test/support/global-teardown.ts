import { dropRun } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await dropRun();
}
