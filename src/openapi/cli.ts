import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument, OPENAPI_FILE, stableJson } from './generate.js';

// `npm run openapi`: rewrites docs/openapi.json from the code (no database needed).
writeFileSync(OPENAPI_FILE, stableJson(await generateOpenApiDocument()));
console.log(`wrote ${fileURLToPath(OPENAPI_FILE)}`);
process.exit(0);
