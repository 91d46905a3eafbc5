using HeadlessSales.Api.Features.Targets.Diagnosis;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>The targets tables, reached as <c>db.SalesTargets</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class TargetsDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<SalesTarget> SalesTargets => db.Set<SalesTarget>();
        public DbSet<TargetMetric> TargetMetrics => db.Set<TargetMetric>();
        public DbSet<WeeklyPlan> WeeklyPlans => db.Set<WeeklyPlan>();
        public DbSet<WeeklyPlanItem> WeeklyPlanItems => db.Set<WeeklyPlanItem>();
        public DbSet<TargetCalibration> TargetCalibrations => db.Set<TargetCalibration>();
        public DbSet<TargetSettings> TargetSettings => db.Set<TargetSettings>();
        public DbSet<StrategicAccount> StrategicAccounts => db.Set<StrategicAccount>();
        public DbSet<MilestoneRewardRule> MilestoneRewardRules => db.Set<MilestoneRewardRule>();
        public DbSet<IncentiveEntry> IncentiveEntries => db.Set<IncentiveEntry>();
        public DbSet<TargetHealthFinding> TargetHealthFindings => db.Set<TargetHealthFinding>();
        public DbSet<TargetHealthThresholds> TargetHealthThresholds => db.Set<TargetHealthThresholds>();
    }
}
