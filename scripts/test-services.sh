#!/usr/bin/env bash
# Starts PostgreSQL and Redis for the team server tests on several instances (tests/unit/team/cluster,
# tests/unit/store/pg) on a Debian-like machine, as root; `npm test` runs it (through scripts/test.mjs)
# once both are installed. Idempotent: what runs is left running, what is set up is left as it is.
# The tests connect to postgres://postgres@127.0.0.1:5432/test (trust auth) and redis://127.0.0.1:6379.
set -uo pipefail

version="$(ls /etc/postgresql 2>/dev/null | head -1)"
if [ -n "$version" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "[setup] starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if ! psql -q -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    # A fresh Debian cluster asks for passwords over TCP; the tests connect as postgres with trust.
    echo "[setup] letting local connections in as postgres (trust) and creating the database test"
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
    su postgres -c "psql -q -c 'CREATE DATABASE test'" || true
  fi
fi
if command -v redis-server >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "[setup] starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || echo "[setup] PostgreSQL is not ready; its tests will say they are skipped"
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || echo "[setup] Redis is not ready; its tests will say they are skipped"
exit 0
