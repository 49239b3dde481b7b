import { serviceBuild } from '../../tsup.service.js';

// One ESM bundle `dist/main.js` for Node 20 with the workspace libraries inside and npm packages
// external; the shared settings explain why.
export default serviceBuild();
