# Starts the Debian PostgreSQL cluster on 127.0.0.1 and exports the test connection for the PostgreSQL tests.
# Sourced by .ci/run; also usable by hand: `source .ci/postgres.sh` before `mvn -B verify`.
pg_version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$pg_version main"; then
  pg_createcluster "$pg_version" main >/dev/null
fi
pg_ctlcluster "$pg_version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='silkgate'\"" | grep -q 1 ||
  su postgres -c "psql -q -c \"CREATE ROLE silkgate LOGIN SUPERUSER PASSWORD 'silkgate'\""
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='silkgate_test'\"" | grep -q 1 ||
  su postgres -c "psql -q -c \"CREATE DATABASE silkgate_test OWNER silkgate\""
export SILKGATE_TEST_PG_URL="jdbc:postgresql://127.0.0.1:5432/silkgate_test"
export SILKGATE_TEST_PG_USER=silkgate
export SILKGATE_TEST_PG_PASSWORD=silkgate
echo "PostgreSQL $pg_version on 127.0.0.1:5432 for the tests ($SILKGATE_TEST_PG_URL)"
