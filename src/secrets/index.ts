/**
 * Secret detection engine: provider detectors, generic high-entropy assignments, redaction.
 * Pure (no I/O); used by the `hardcoded-secret` rule, the git-history scanner and every renderer.
 */
export {
  DETECTORS,
  detectorById,
  scoreGenericValue,
  type Candidate,
  type Detector,
  type ScanContext
} from './detectors.js'
export { scanText, redactText, runDetector, type ScanOptions, type SecretMatch } from './scan.js'
export { redact, MAX_VISIBLE } from './redact.js'
export { isFixturePath, isPlaceholder, isReference, isWordIdentifier, isWordPassword, shannonEntropy } from './heuristics.js'
export { contextReason, isCommentedOut, isDocumentationPath, isExampleHost, isTemplatePath, publicByDesign } from './context.js'
