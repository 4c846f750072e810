/**
 * Loaded before every test file (scripts/test.mjs passes it to `--import`):
 * starts the tree-sitter runtime that parseShell reads bash with, as every
 * entry point of the program does before its first parse.
 */
import { prepareShellParsing } from '../src/parse/code.js'

await prepareShellParsing()
