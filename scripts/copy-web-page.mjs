// Part of `npm run build`: copies the dashboard page (src/web/page/: HTML, CSS, classic scripts,
// served as they are, no bundler) next to the compiled server in dist/web/page/.
import { cpSync, mkdirSync } from "node:fs";

mkdirSync("dist/web/page", { recursive: true });
cpSync("src/web/page", "dist/web/page", { recursive: true });
