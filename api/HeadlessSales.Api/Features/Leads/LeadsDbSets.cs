using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>The leads tables, reached as <c>db.Leads</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class LeadsDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<Lead> Leads => db.Set<Lead>();
        public DbSet<Product> Products => db.Set<Product>();
        public DbSet<AssignmentRule> AssignmentRules => db.Set<AssignmentRule>();
        public DbSet<TeamAssignmentCursor> TeamAssignmentCursors => db.Set<TeamAssignmentCursor>();
        public DbSet<LeadRoutingSettings> LeadRoutingSettings => db.Set<LeadRoutingSettings>();
        public DbSet<LeadHistoryEntry> LeadHistory => db.Set<LeadHistoryEntry>();
        public DbSet<ScriptTemplate> ScriptTemplates => db.Set<ScriptTemplate>();
        public DbSet<Escalation> Escalations => db.Set<Escalation>();
        public DbSet<EscalationStep> EscalationSteps => db.Set<EscalationStep>();
    }
}
