import { serviceBuild } from '../../tsup.service.js';

// Builds one ESM bundle `dist/main.js` for Node 20 from `src/main.ts`. The workspace libraries are
// bundled from their TypeScript sources and npm packages stay external; the shared settings explain why.
export default serviceBuild();
