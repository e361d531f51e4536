// The config layer formats zod issues the same way as every other layer.
export { formatIssuePath, formatZodIssues } from "../core/zod-issues.js";
