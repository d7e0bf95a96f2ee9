/** npm run build: the dashboard into client/dist (build-client.ts), the server into server/dist (build-server.ts). */
import { buildClient, defaultOutDir } from './build-client.ts';
import { buildServer, defaultServerOutFile } from './build-server.ts';

const [files] = await Promise.all([buildClient(), buildServer()]);
console.log(`client built in ${defaultOutDir}`);
for (const f of files) {
  console.log(
    `  ${f.file.padEnd(13)} ${(f.bytes / 1024).toFixed(1).padStart(7)} kB  gzip ${(f.gzipBytes / 1024).toFixed(1).padStart(6)} kB`,
  );
}
console.log(`server built in ${defaultServerOutFile}`);
