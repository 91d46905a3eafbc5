using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>The insights tables, reached as <c>db.AttributionSettings</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class InsightsDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<AttributionSettings> AttributionSettings => db.Set<AttributionSettings>();
        public DbSet<AttributionReport> AttributionReports => db.Set<AttributionReport>();
        public DbSet<AttributionFinding> AttributionFindings => db.Set<AttributionFinding>();
    }
}
