using HeadlessSales.Api.Infrastructure.Scheduling;
using System.Text.Json;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Data;

/// <summary>
/// Rows written by <see cref="BulkInsert"/> (multi-row INSERTs on SQLite, binary COPY on PostgreSQL) read back exactly
/// like the same rows saved by <c>SaveChanges</c>: enums stored as text, lists, nullable values, dates, GUIDs.
/// </summary>
public sealed class BulkInsertTests
{
    [Fact]
    public async Task Rows_OnSqlite_ReadBackLikeSavedRows()
    {
        await using var api = new ApiFactory();
        await CompareAsync(api);
    }

    [PostgresFact]
    public async Task Rows_OnPostgreSql_ReadBackLikeSavedRows()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        await CompareAsync(api);
    }

    private static async Task CompareAsync(ApiFactory api)
    {
        _ = api.CreateClient();
        await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var member = await db.Members.IgnoreQueryFilters().OrderBy(m => m.Id).FirstAsync(m => m.TeamId != null);
        var at = new DateTime(2026, 3, 2, 9, 30, 15, 123, DateTimeKind.Utc);

        Lead NewLead(string name, bool withNulls) => new()
        {
            TenantId = member.TenantId,
            Name = name,
            Company = withNulls ? null : "华南精密机械有限公司",
            CompanyKey = withNulls ? null : "华南精密机械有限公司" + name,
            Phone = "+86 137-0000-0000",
            PhoneKey = "1370000" + name.Length,
            Email = withNulls ? null : $"{name}@example.com",
            Industry = Industry.IndustrialAutomation,
            Province = withNulls ? null : "广东",
            Source = LeadSource.TradeShow,
            ProductInterests = withNulls ? [] : ["PLC-S7", "HMI-10"],
            EstimatedSize = withNulls ? null : CompanySize.Large,
            Status = LeadStatus.Assigned,
            OwnerId = member.Id,
            TeamId = member.TeamId,
            AssignedAt = at,
            FirstResponseOutcome = withNulls ? null : FirstResponseOutcome.MeetingBooked,
            DuplicateMatchedOn = withNulls ? [] : [LeadMatchField.Phone, LeadMatchField.Company],
            CreatedAt = at,
            UpdatedAt = at.AddMinutes(1),
        };

        var leads = new List<(Lead Bulk, Lead Saved)>();
        foreach (var withNulls in new[] { false, true })
        {
            leads.Add((NewLead("批量" + withNulls, withNulls), NewLead("逐条" + withNulls, withNulls)));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var bulk = leads.Select(l => l.Bulk).ToList();
            Assert.True(await BulkInsert.TryAssignKeysAsync(db, bulk, default));
            await BulkInsert.InsertAsync(db, bulk, default);
            await transaction.CommitAsync();
        }

        db.Leads.AddRange(leads.Select(l => l.Saved));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        Activity NewActivity(long leadId) => new()
        {
            TenantId = member.TenantId,
            Kind = ActivityKind.VideoDemo,
            SubjectKind = ActivitySubjectKind.Lead,
            SubjectId = leadId,
            MemberId = member.Id,
            TeamId = member.TeamId,
            OccurredAt = at,
            DurationMinutes = 45,
            Outcome = ActivityOutcome.Positive,
            TagCodes = ["BUDGET_CONFIRMED", "DECISION_MAKER"],
            Concerns = [],
            NextStepDueOn = new DateOnly(2026, 3, 9),
            Summary = "演示 PLC-S7 \"联调\", 客户满意",
            CreatedAt = at,
        };

        ScheduledTimer NewTimer(long leadId) => new()
        {
            TenantId = member.TenantId,
            Kind = "lead.first-response-deadline",
            SubjectId = leadId,
            AnchorAt = at,
            DueAt = at.AddHours(1),
            ClaimToken = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
            ClaimedBy = "node-a",
            // Held by node-a well past the test: the host's timer loop, woken by the committed timer, leaves it alone.
            ClaimedUntil = at.AddYears(10),
            Attempts = 2,
        };

        var bulkLead = leads[0].Bulk.Id;
        var savedLead = leads[0].Saved.Id;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.InsertAsync(db, [NewActivity(bulkLead)], default);
            await BulkInsert.InsertAsync(db, [NewTimer(bulkLead)], default);
            await transaction.CommitAsync();
        }

        db.Add(NewActivity(savedLead));
        db.Add(NewTimer(savedLead));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        foreach (var (bulk, saved) in leads)
        {
            var stored = await db.Leads.IgnoreQueryFilters().AsNoTracking().Where(l => l.Id == bulk.Id || l.Id == saved.Id).OrderBy(l => l.Id).ToListAsync();
            Assert.Equal(2, stored.Count);
            Assert.Equal(Comparable(stored[1], "Name", "CompanyKey", "Email"), Comparable(stored[0], "Name", "CompanyKey", "Email"));
            Assert.Equal(bulk.Name, stored.Single(l => l.Id == bulk.Id).Name);
        }

        var activities = await db.Activities.IgnoreQueryFilters().AsNoTracking().Where(a => a.SubjectKind == ActivitySubjectKind.Lead && (a.SubjectId == bulkLead || a.SubjectId == savedLead)).OrderBy(a => a.SubjectId).ToListAsync();
        var timers = await db.ScheduledTimers.IgnoreQueryFilters().AsNoTracking().Where(t => t.ClaimedBy == "node-a" && (t.SubjectId == bulkLead || t.SubjectId == savedLead)).OrderBy(t => t.SubjectId).ToListAsync();
        Assert.Equal(2, activities.Count);
        Assert.Equal(2, timers.Count);
        Assert.Equal(Comparable(activities[1], "SubjectId"), Comparable(activities[0], "SubjectId"));
        Assert.Equal(Comparable(timers[1], "SubjectId"), Comparable(timers[0], "SubjectId"));
        Assert.Equal(["BUDGET_CONFIRMED", "DECISION_MAKER"], activities[0].TagCodes);
        Assert.Equal(new DateOnly(2026, 3, 9), activities[0].NextStepDueOn);
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), timers[0].ClaimToken);
    }

    /// <summary>The row as JSON without its key and the given properties, which differ between the two rows by design.</summary>
    private static string Comparable<T>(T row, params string[] differing)
    {
        var json = JsonSerializer.SerializeToNode(row)!.AsObject();
        foreach (var name in differing.Append("Id"))
        {
            json.Remove(name);
        }

        return json.ToJsonString();
    }
}
