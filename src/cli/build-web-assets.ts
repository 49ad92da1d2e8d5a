import { buildWebAssets } from '../web/web-assets-build';

process.stdout.write(`Stylesheet written to ${buildWebAssets()}\n`);
