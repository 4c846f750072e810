#!/usr/bin/env node
// Launcher of the claude-code-audit CLI bundle.
import './cli/index.js'
