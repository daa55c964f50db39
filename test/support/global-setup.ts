import 'reflect-metadata';
import { findSharedServer, prepareTemplate } from './test-database';

export default async function globalSetup(): Promise<void> {
  await prepareTemplate();
  await findSharedServer();
}
