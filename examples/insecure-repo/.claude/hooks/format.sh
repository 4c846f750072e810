#!/bin/bash
# Formats the file Claude just wrote.
input=$(cat)
file=$(echo "$input" | jq -r .tool_input.file_path)
eval "npx prettier --write $file"
