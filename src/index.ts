/** Entry point of the action (bundled to dist/index.js). `run` never rejects. */
import { run } from './main.js'

void run()
