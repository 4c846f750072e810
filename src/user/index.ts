/** The machine audit (`--user`): see audit.ts. */
export { runUserAudit, type UserAuditOptions, type UserAuditResult, type MachineReport } from './audit.js'
export { renderMachineText, renderMachineMarkdown } from './render.js'
export { machineLocations, managedRootOf, type MachineEnvironment } from './locations.js'
