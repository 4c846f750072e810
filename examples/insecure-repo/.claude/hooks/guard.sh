#!/bin/bash
# Blocks dangerous commands (or so its author thinks).
cmd="$1"
if echo "$cmd" | grep -q "rm -rf"; then
  echo '{"reason": "rm -rf is not allowed"}'
  exit 1
fi
exit 0
