#!/usr/bin/env node
import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3323:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ TOOL_NAME),
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** The tool's version; a test keeps it equal to package.json's. */
const VERSION = '0.1.0';
const TOOL_NAME = 'claude-code-audit';


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3323);
/**
 * Command-line interface: a thin shell over the audit core. Exit status 0 when
 * no finding reaches --fail-on, 1 when one does, 2 for usage or configuration
 * errors.
 */




const HELP = `Usage: claude-code-audit [PATH] [options]
       claude-code-audit merge REPORT.json... [--format markdown|json] [--output FILE]
       claude-code-audit init [PATH] [--hooks cost,daily,guard,log,notify] [--dry-run]
       claude-code-audit fix [PATH] [--dry-run] [--max-turns N] [--timeout-minutes N] [--model ID] [--config FILE]

Audits PATH (default: the current directory) for unsafe or wasteful Claude Code setups.

Options:
  --format text|json|sarif|markdown  output format (default text, coloured on a TTY)
  --output FILE                      write the report to FILE instead of standard output
  --fail-on LEVEL                    critical|high|medium|low|info|never (default high)
  --min-severity LEVEL               hide findings below LEVEL (default low)
  --config FILE                      configuration file (default: .claude-code-audit.yml if present)
  --history                          also scan git history for secrets (secret-in-git-history)
  --baseline FILE                    report only findings whose fingerprints are not in FILE
  --verify-hooks                     run guard hooks against real payloads (executes repository code)
  --list-rules                       print the rule catalog (JSON with --format json)
  --version, --help

merge combines JSON reports of many repositories (one file each, named owner__repo.json
or carrying a "repository" field) into one organisation report.

init installs the ready guard hooks into PATH/.claude/hooks/ and registers them in
.claude/settings.json (merged in place, comments kept), with deny rules for secret and
bulky paths and dangerous commands. --hooks picks hooks (default: all); --dry-run
shows the changes without writing.

fix applies the safe, mechanical fixes for what the audit reports (deny rules, job
timeouts, turn caps, v0 inputs on @v1, persist-credentials, secrets: inherit), editing
files in place. --dry-run prints a unified diff instead. --model ID also pins the model
of unattended runs (not done without it).
`;
const LEVELS = ['critical', 'high', 'medium', 'low', 'info'];
class CliUsage extends Error {
}
function level(v, name, allowNever) {
    if (v === undefined)
        return undefined;
    const s = v.toLowerCase();
    if (LEVELS.includes(s) || (allowNever && s === 'never'))
        return s;
    throw new CliUsage(`Invalid --${name} '${v}'. Expected one of: ${LEVELS.join(', ')}${allowNever ? ', never' : ''}.`);
}
async function merge(argv) {
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: argv, allowPositionals: true, options: { format: { type: 'string' }, output: { type: 'string' } } });
    }
    catch (e) {
        throw new CliUsage(e.message);
    }
    const format = parsed.values.format ?? 'markdown';
    if (!['markdown', 'json'].includes(format))
        throw new CliUsage(`Invalid --format '${format}' for merge. Expected markdown or json.`);
    if (parsed.positionals.length === 0)
        throw new CliUsage('merge needs at least one JSON report.');
    const { readReport, mergeReports, renderOrgMarkdown } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
    const org = mergeReports(parsed.positionals.map(readReport));
    const text = format === 'json' ? JSON.stringify(org, null, 2) + '\n' : renderOrgMarkdown(org);
    if (parsed.values.output)
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(parsed.values.output, text);
    else
        process.stdout.write(text);
    return 0;
}
function positiveInt(v, name) {
    if (v === undefined)
        return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1)
        throw new CliUsage(`Invalid --${name} '${v}'. Expected a positive whole number.`);
    return Number(v);
}
async function init(argv) {
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
            args: argv,
            allowPositionals: true,
            options: { hooks: { type: 'string' }, 'dry-run': { type: 'boolean' } }
        });
    }
    catch (e) {
        throw new CliUsage(e.message);
    }
    if (parsed.positionals.length > 1)
        throw new CliUsage('Give at most one PATH.');
    const { runInit, renderInit, parseHookList } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
    const dryRun = parsed.values['dry-run'] === true;
    const result = runInit({ root: parsed.positionals[0] ?? '.', hooks: parseHookList(parsed.values.hooks), dryRun });
    process.stdout.write(renderInit(result, dryRun));
    return 0;
}
async function fix(argv) {
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
            args: argv,
            allowPositionals: true,
            options: {
                'dry-run': { type: 'boolean' },
                config: { type: 'string' },
                'max-turns': { type: 'string' },
                'timeout-minutes': { type: 'string' },
                model: { type: 'string' }
            }
        });
    }
    catch (e) {
        throw new CliUsage(e.message);
    }
    if (parsed.positionals.length > 1)
        throw new CliUsage('Give at most one PATH.');
    const v = parsed.values;
    const model = v.model?.trim();
    if (v.model !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._:@/[\]-]*$/.test(model ?? ''))
        throw new CliUsage(`Invalid --model '${v.model}'.`);
    const { runFix, renderFix } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
    const dryRun = v['dry-run'] === true;
    const result = await runFix({
        root: parsed.positionals[0] ?? '.',
        dryRun,
        configPath: v.config,
        values: {
            ...(v['max-turns'] !== undefined ? { maxTurns: positiveInt(v['max-turns'], 'max-turns') } : {}),
            ...(v['timeout-minutes'] !== undefined
                ? { timeoutMinutes: positiveInt(v['timeout-minutes'], 'timeout-minutes') }
                : {}),
            ...(model ? { model } : {})
        }
    });
    process.stdout.write(renderFix(result, dryRun));
    return 0;
}
async function main(argv) {
    if (argv[0] === 'merge')
        return merge(argv.slice(1));
    if (argv[0] === 'init')
        return init(argv.slice(1));
    if (argv[0] === 'fix')
        return fix(argv.slice(1));
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
            args: argv,
            allowPositionals: true,
            options: {
                format: { type: 'string' },
                output: { type: 'string' },
                'fail-on': { type: 'string' },
                'min-severity': { type: 'string' },
                config: { type: 'string' },
                history: { type: 'boolean' },
                baseline: { type: 'string' },
                'verify-hooks': { type: 'boolean' },
                'list-rules': { type: 'boolean' },
                version: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' }
            }
        });
    }
    catch (e) {
        throw new CliUsage(e.message);
    }
    const v = parsed.values;
    if (v.help) {
        process.stdout.write(HELP);
        return 0;
    }
    if (v.version) {
        process.stdout.write(`${_core_version_js__WEBPACK_IMPORTED_MODULE_3__/* .VERSION */ .x}\n`);
        return 0;
    }
    const format = v.format ?? 'text';
    if (!['text', 'json', 'sarif', 'markdown'].includes(format)) {
        throw new CliUsage(`Invalid --format '${format}'. Expected one of: text, json, sarif, markdown.`);
    }
    if (parsed.positionals.length > 1)
        throw new CliUsage('Give at most one PATH.');
    const failOnArg = level(v['fail-on'], 'fail-on', true);
    const minSeverity = level(v['min-severity'], 'min-severity', false);
    const emit = (text) => {
        if (v.output)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(v.output, text);
        else
            process.stdout.write(text);
    };
    if (v['list-rules']) {
        const { RULES } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
        const { docsUrl } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
        if (format === 'json') {
            const list = RULES.map((r) => ({
                id: r.meta.id,
                checklistItem: r.meta.checklistItems[0] ?? null,
                severity: r.meta.severity,
                description: r.meta.description,
                docsUrl: docsUrl(r.meta.id)
            }));
            emit(JSON.stringify(list, null, 2) + '\n');
        }
        else {
            emit(RULES.map((r) => `${r.meta.id.padEnd(36)} ${r.meta.severity.padEnd(9)} ${String(r.meta.checklistItems[0] ?? '-').padEnd(3)} ${r.meta.description}`).join('\n') + '\n');
        }
        return 0;
    }
    const root = parsed.positionals[0] ?? '.';
    const { runAudit } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
    const { failsOn } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
    const result = await runAudit({
        root,
        configPath: v.config,
        history: v.history === true,
        baselinePath: v.baseline,
        minSeverity: minSeverity,
        verifyHooks: v['verify-hooks'] === true
    });
    for (const e of result.errors)
        process.stderr.write(`claude-code-audit: ${e}\n`);
    let text;
    if (format === 'json')
        text = (await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730))).renderJson(result);
    else if (format === 'sarif')
        text = (await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730))).renderSarif(result);
    else if (format === 'markdown')
        text = (await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730))).renderCliMarkdown(result);
    else {
        const { renderText } = await Promise.all(/* import() */[__nccwpck_require__.e(242), __nccwpck_require__.e(730)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7730));
        const color = !v.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
        text = renderText(result, { color, rootLabel: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(process.cwd(), result.root) || '.' });
    }
    emit(text);
    const failOn = (failOnArg ?? result.configFailOn ?? 'high');
    return failsOn(result.findings, failOn) ? 1 : 0;
}
main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (e) => {
    const err = e;
    const usage = err instanceof CliUsage || err.name === 'UsageError';
    process.stderr.write(`claude-code-audit: ${usage ? '' : 'internal error: '}${err.message}\n`);
    if (usage)
        process.stderr.write('Run claude-code-audit --help for usage.\n');
    process.exitCode = 2;
});


//# sourceMappingURL=index.js.map