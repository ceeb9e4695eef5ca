/**
 * The sandbox thread's entry in the built package (dist/sandbox-worker.js, see tools/build-lib.ts): the Python
 * travels inlined, since the published files have no src/sandbox/*.py and no tsx to load the sources.
 */
import { startEngineThread } from '../sandbox/node-host';
import prelude from '../sandbox/prelude.py?raw';
import namespacesPy from '../sandbox/namespaces.py?raw';
import contextPy from '../sandbox/context.py?raw';
import varinfoPy from '../sandbox/varinfo.py?raw';

startEngineThread([prelude, namespacesPy, contextPy, varinfoPy].join('\n'));
