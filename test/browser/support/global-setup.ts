import { buildWebAssets } from '../../../src/web/web-assets-build';
import databaseSetup from '../../support/global-setup';

/** The browser tests need what the end-to-end tests need, and the compiled stylesheet the pages link to. */
export default async function globalSetup(): Promise<void> {
  await databaseSetup();
  buildWebAssets();
}
