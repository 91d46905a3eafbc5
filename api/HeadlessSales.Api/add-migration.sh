#!/usr/bin/env bash
# Adds one migration, under one name, for every database provider, and records its files in migrations.lock.
# Migrations are append-only: a recorded migration is never edited or removed (MigrationTests holds it).
# Usage: api/HeadlessSales.Api/add-migration.sh <MigrationName>
set -euo pipefail
name="${1:?usage: add-migration.sh <MigrationName>}"
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" \
    --context "${provider}SalesDbContext" \
    --output-dir "Infrastructure/Data/Migrations/${provider}" \
    --namespace "HeadlessSales.Api.Infrastructure.Data.Migrations.${provider}"
done
# dotnet-ef places the model snapshot by namespace; keep it beside its provider's migrations.
for provider in Sqlite PostgreSql SqlServer; do
  if [ -d HeadlessSales/Api ]; then
    mv "HeadlessSales/Api/Infrastructure/Data/Migrations/${provider}/${provider}SalesDbContextModelSnapshot.cs" "Infrastructure/Data/Migrations/${provider}/" 2>/dev/null || true
  fi
done
rm -rf HeadlessSales design-time.db
# The hash is of the text without a byte-order mark and with LF line ends, as the test reads it.
cd Infrastructure/Data/Migrations
for file in */*_"${name}".cs */*_"${name}".Designer.cs; do
  printf '%s  %s\n' "$(sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$file" | sha256sum | cut -d' ' -f1)" "$file" >> migrations.lock
done
