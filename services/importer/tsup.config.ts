import { serviceBuild } from '../../tsup.service.js';

// One ESM bundle `dist/main.js` for Node 20 (entry `src/main.ts`) with the workspace libraries
// inside, built from their TypeScript sources, and npm packages external; the shared settings
// explain why.
export default serviceBuild();
