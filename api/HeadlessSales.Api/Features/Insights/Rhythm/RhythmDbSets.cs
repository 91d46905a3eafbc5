using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>The signing-rhythm tables, reached as <c>db.DecisionSignals</c> once this namespace is in scope.</summary>
public static class RhythmDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<DecisionSignalDefinition> DecisionSignalDefinitions => db.Set<DecisionSignalDefinition>();
        public DbSet<DecisionSignal> DecisionSignals => db.Set<DecisionSignal>();
        public DbSet<SigningReminder> SigningReminders => db.Set<SigningReminder>();
        public DbSet<RhythmSettings> RhythmSettings => db.Set<RhythmSettings>();
        public DbSet<RhythmBonusAward> RhythmBonusAwards => db.Set<RhythmBonusAward>();
        public DbSet<ToSignListEntry> ToSignListEntries => db.Set<ToSignListEntry>();
        public DbSet<MonthEndSpikeAlert> MonthEndSpikeAlerts => db.Set<MonthEndSpikeAlert>();
    }
}
