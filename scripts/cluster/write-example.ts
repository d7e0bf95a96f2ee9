/** Writes deploy/nginx.conf: the configuration `npm run cluster` generates, with placeholders (a test keeps it in step). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nginxConfig } from './nginx-config.ts';

const out = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));
const header = `# Example: the configuration \`npm run cluster\` writes to its temporary folder, for two replicas.
# Replace the placeholders before use (docs/deploy.md):
#   @LISTEN@     where nginx listens, e.g. 0.0.0.0:80 (npm run cluster: 127.0.0.1:PORT)
#   @REPLICA_n@  each replica's address, e.g. 127.0.0.1:3001 (one \`server\` line per replica)
#   PREFIX       the folder given to nginx -p: pid file, logs, temp files and the cache go there
# Regenerate with: node --import tsx scripts/cluster/write-example.ts
`;
writeFileSync(out, header + nginxConfig({ listen: '@LISTEN@', replicas: ['@REPLICA_1@', '@REPLICA_2@'], cache: true }));
console.log(`wrote ${out}`);
