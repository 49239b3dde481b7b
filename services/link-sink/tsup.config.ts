import { serviceBuild } from '../../tsup.service.js';

export default serviceBuild();
