#!/usr/bin/env bash
# Checks the offline bundle as an operator would use it: unpack dist/cjrh-platform-*.tar.gz into an empty folder,
# start it with the npm registry unreachable, no demo data and a fresh data folder, and expect /api/health to
# answer and the web app to be served precompressed. Not part of `npm test` (it needs `npm run bundle` first).
#   npm run bundle && bash scripts/bundle-check.sh [archive]
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:-$(ls -t dist/cjrh-platform-*.tar.gz 2>/dev/null | head -1)}
[ -f "$archive" ] || { echo "没有找到安装包：先运行 npm run bundle"; exit 1; }
work=$(mktemp -d)
pid=
cleanup() {
  # npm start runs node under a shell: stop the whole process group that setsid gave it.
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM -- "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

tar -xzf "$archive" -C "$work"
dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)
# A free port, asked of the system.
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
echo "解压到 $dir，端口 $port"

# The registry address points nowhere: anything that tried to install or fetch would fail here.
(cd "$dir" && exec setsid env npm_config_registry=http://127.0.0.1:9 DEMO_DATA=false DATA_DIR="$work/data" PORT="$port" LOG_LEVEL=warn npm start) &
pid=$!

for _ in $(seq 1 120); do
  if health=$(curl -fsS "http://127.0.0.1:$port/api/health" 2>/dev/null); then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: 服务进程已退出"; exit 1; }
  sleep 0.5
done
[ -n "${health:-}" ] || { echo "FAIL: 60 秒内 /api/health 没有应答"; exit 1; }
echo "/api/health: $health"

encoding=$(curl -fsS -o /dev/null -D - -H 'accept-encoding: br, gzip' "http://127.0.0.1:$port/public" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
[ "$encoding" = br ] || { echo "FAIL: /public 未以 br 压缩发送（content-encoding: ${encoding:-无}）"; exit 1; }
[ -d "$work/data/pglite" ] || { echo "FAIL: 数据目录 $work/data/pglite 未创建"; exit 1; }
echo "OK: 安装包 $(basename "$archive")（$(du -h "$archive" | cut -f1)）在无法访问软件源时启动成功"
