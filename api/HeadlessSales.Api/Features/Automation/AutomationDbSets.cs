using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>The automation tables, reached as <c>db.AutomationRules</c> once this namespace is in scope.</summary>
public static class AutomationDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<AutomationRule> AutomationRules => db.Set<AutomationRule>();
        public DbSet<RuleExecution> RuleExecutions => db.Set<RuleExecution>();
        public DbSet<RuleDelay> RuleDelays => db.Set<RuleDelay>();
        public DbSet<AutomationNotice> AutomationNotices => db.Set<AutomationNotice>();
        public DbSet<RuleCountHit> RuleCountHits => db.Set<RuleCountHit>();
        public DbSet<ProcessTemplateInstallation> ProcessTemplateInstallations => db.Set<ProcessTemplateInstallation>();
    }
}
