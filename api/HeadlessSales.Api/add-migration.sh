#!/usr/bin/env bash
# Adds one migration, under one name, for every database provider.
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
