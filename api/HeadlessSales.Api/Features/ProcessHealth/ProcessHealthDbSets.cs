using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>The process health tables, reached as <c>db.ProcessHealthSettings</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class ProcessHealthDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<ProcessHealthSettings> ProcessHealthSettings => db.Set<ProcessHealthSettings>();
        public DbSet<HealthAlert> HealthAlerts => db.Set<HealthAlert>();
        public DbSet<HealthThreshold> HealthThresholds => db.Set<HealthThreshold>();
        public DbSet<HealthRollupRow> HealthRollupRows => db.Set<HealthRollupRow>();
        public DbSet<HealthDwellRow> HealthDwellRows => db.Set<HealthDwellRow>();
        public DbSet<HealthRollupDay> HealthRollupDays => db.Set<HealthRollupDay>();
        public DbSet<HealthRollupInvalidation> HealthRollupInvalidations => db.Set<HealthRollupInvalidation>();
    }
}
