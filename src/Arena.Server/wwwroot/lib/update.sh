#!/usr/bin/env bash
# Refreshes the copied front-end libraries from npm (see README.md for the versions).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @microsoft/signalr@10.0.11 chart.js@4.6.1 >/dev/null
mkdir signalr chart
tar xzf microsoft-signalr-10.0.11.tgz -C signalr
tar xzf chart.js-4.6.1.tgz -C chart
cp signalr/package/dist/browser/signalr.min.js "$here/signalr/"
cp chart/package/dist/chart.umd.min.js "$here/chart.js/"
cp chart/package/LICENSE.md "$here/chart.js/"
echo "updated $here"
