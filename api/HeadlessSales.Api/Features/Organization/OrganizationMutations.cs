using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Organization;

public sealed class OrganizationMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateRegionPayloadType>>("createRegion")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Adds a sales region.")
            .Argument<NonNullGraphType<CreateRegionInputType>>("input")
            .ResolveAsync(async ctx => await SaveRegionAsync(ctx, ctx.GetInput(), isNew: true));

        mutation.Field<NonNullGraphType<UpdateRegionPayloadType>>("updateRegion")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Changes a sales region.")
            .Argument<NonNullGraphType<UpdateRegionInputType>>("input")
            .ResolveAsync(async ctx => await SaveRegionAsync(ctx, ctx.GetInput(), isNew: false));

        mutation.Field<NonNullGraphType<CreateTeamPayloadType>>("createTeam")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Adds a sales team to a region.")
            .Argument<NonNullGraphType<CreateTeamInputType>>("input")
            .ResolveAsync(async ctx => await SaveTeamAsync(ctx, ctx.GetInput(), isNew: true));

        mutation.Field<NonNullGraphType<UpdateTeamPayloadType>>("updateTeam")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Changes a sales team.")
            .Argument<NonNullGraphType<UpdateTeamInputType>>("input")
            .ResolveAsync(async ctx => await SaveTeamAsync(ctx, ctx.GetInput(), isNew: false));

        mutation.Field<NonNullGraphType<CreateMemberPayloadType>>("createMember")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Adds a person to the sales organisation.")
            .Argument<NonNullGraphType<CreateMemberInputType>>("input")
            .ResolveAsync(async ctx => await SaveMemberAsync(ctx, ctx.GetInput(), isNew: true));

        mutation.Field<NonNullGraphType<UpdateMemberPayloadType>>("updateMember")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Changes a member: details, role, team, or deactivation.")
            .Argument<NonNullGraphType<UpdateMemberInputType>>("input")
            .ResolveAsync(async ctx => await SaveMemberAsync(ctx, ctx.GetInput(), isNew: false));

        mutation.Field<NonNullGraphType<CreateWorkingCalendarPayloadType>>("createWorkingCalendar")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Adds a working calendar that teams can count SLA time in.")
            .Argument<NonNullGraphType<CreateWorkingCalendarInputType>>("input")
            .ResolveAsync(async ctx => await CreateCalendarAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<Region>> SaveRegionAsync(IResolveFieldContext ctx, InputFields input, bool isNew)
    {
        await using var db = ctx.Database();
        Region? region = null;
        if (!isNew)
        {
            var id = input.Id("id", "Region");
            region = id is null ? null : await db.Regions.FirstOrDefaultAsync(r => r.Id == id, ctx.CancellationToken);
            if (region is null)
            {
                return input.NotFoundPayload("id");
            }
        }

        var code = isNew || input.Has("code") ? input.RequiredText("code", 32)?.ToUpperInvariant() : region!.Code;
        var name = isNew || input.Has("name") ? input.RequiredText("name", 100) : region!.Name;
        if (code is not null && !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            input.Invalid("code", "`code` may contain only letters, digits, `_` and `-`.");
        }

        var managerId = input.Has("managerId") ? await MemberWithRoleAsync(db, input, "managerId", MemberRole.RegionManager, ctx.CancellationToken) : region?.ManagerId;
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (await db.Regions.AnyAsync(r => r.Code == code && (region == null || r.Id != region.Id), ctx.CancellationToken))
        {
            return MutationPayload.Failure(new DuplicateError(input.PathOf("code"), code!, $"A region with code '{code}' already exists."));
        }

        region ??= db.Regions.Add(new Region { TenantId = ctx.TenantId(), Code = code!, Name = name!, CreatedAt = Now }).Entity;
        region.Code = code!;
        region.Name = name!;
        region.ManagerId = managerId;
        return await SaveAsync(db, region, new DuplicateError(input.PathOf("code"), code!, $"A region with code '{code}' already exists."), ctx.CancellationToken);
    }

    private async Task<MutationPayload<Team>> SaveTeamAsync(IResolveFieldContext ctx, InputFields input, bool isNew)
    {
        await using var db = ctx.Database();
        Team? team = null;
        if (!isNew)
        {
            var id = input.Id("id", "Team");
            team = id is null ? null : await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ctx.CancellationToken);
            if (team is null)
            {
                return input.NotFoundPayload("id");
            }
        }

        var name = isNew || input.Has("name") ? input.RequiredText("name", 100) : team!.Name;
        var regionId = team?.RegionId;
        if (isNew || input.Has("regionId"))
        {
            regionId = input.Id("regionId", "Region");
            if (regionId is not null && !await db.Regions.AnyAsync(r => r.Id == regionId, ctx.CancellationToken))
            {
                input.NotFound("regionId");
            }
            else if (regionId is null && input.IsValid)
            {
                input.Invalid("regionId", "`regionId` must not be null.");
            }
        }

        var leadId = input.Has("leadId") ? await MemberWithRoleAsync(db, input, "leadId", MemberRole.TeamLead, ctx.CancellationToken) : team?.LeadId;
        var calendarId = team?.CalendarId;
        if (input.Has("calendarId"))
        {
            calendarId = input.Id("calendarId", "WorkingCalendar");
            if (calendarId is not null && !await db.WorkingCalendars.AnyAsync(c => c.Id == calendarId, ctx.CancellationToken))
            {
                input.NotFound("calendarId");
            }
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var duplicate = new DuplicateError(input.PathOf("name"), name!, $"The region already has a team named '{name}'.");
        if (await db.Teams.AnyAsync(t => t.RegionId == regionId && t.Name == name && (team == null || t.Id != team.Id), ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        team ??= db.Teams.Add(new Team { TenantId = ctx.TenantId(), Name = name!, CreatedAt = Now }).Entity;
        team.Name = name!;
        team.RegionId = regionId!.Value;
        team.LeadId = leadId;
        team.CalendarId = calendarId;
        if (!isNew && input.Has("regionId"))
        {
            // Members follow their team to its new region.
            await db.Members.Where(m => m.TeamId == team.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.RegionId, regionId), ctx.CancellationToken);
        }

        if (!isNew && input.Has("regionId"))
        {
            // Both regions' managers now see other members.
            db.Journal(new MemberStandingChanged(team.TenantId, null, Now));
        }

        return await SaveAsync(db, team, duplicate, ctx.CancellationToken);
    }

    private async Task<MutationPayload<Member>> SaveMemberAsync(IResolveFieldContext ctx, InputFields input, bool isNew)
    {
        await using var db = ctx.Database();
        Member? member = null;
        if (!isNew)
        {
            var id = input.Id("id", "Member");
            member = id is null ? null : await db.Members.FirstOrDefaultAsync(m => m.Id == id, ctx.CancellationToken);
            if (member is null)
            {
                return input.NotFoundPayload("id");
            }
        }

        var name = isNew || input.Has("name") ? input.RequiredText("name", 100) : member!.Name;
        // Only what the input gives is checked: a detail stored before a rule tightened does not block other changes.
        var email = member?.Email;
        if (isNew || input.Has("email"))
        {
            email = ContactDetails.NormalizeEmail(input.RequiredText("email", ContactDetails.EmailMaxLength));
            if (email is not null && ContactDetails.CheckEmail(email) is { } badEmail)
            {
                input.Invalid("email", badEmail);
            }
        }

        var phone = member?.Phone;
        if (input.Has("phone"))
        {
            phone = input.OptionalText("phone", ContactDetails.PhoneMaxLength);
            if (phone is not null && ContactDetails.CheckPhone(phone) is { } badPhone)
            {
                input.Invalid("phone", badPhone);
            }
        }

        var industry = input.Has("industry") ? input.OptionalText("industry", Member.IndustryMaxLength) : member?.Industry;
        var role = input.Has("role") ? input.Get<MemberRole>("role") : member!.Role;
        var teamId = input.Has("teamId") ? input.Id("teamId", "Team") : member?.TeamId;
        var regionId = input.Has("regionId") ? input.Id("regionId", "Region") : member?.RegionId;

        if (teamId is not null)
        {
            var teamRegion = await db.Teams.Where(t => t.Id == teamId).Select(t => (long?)t.RegionId).FirstOrDefaultAsync(ctx.CancellationToken);
            if (teamRegion is null)
            {
                input.NotFound("teamId");
            }
            else if (input.Has("regionId") && regionId is not null && regionId != teamRegion)
            {
                input.Invalid("regionId", "`regionId` must be the region of the member's team.");
            }
            else
            {
                regionId = teamRegion;
            }
        }
        else if (regionId is not null && !await db.Regions.AnyAsync(r => r.Id == regionId, ctx.CancellationToken))
        {
            input.NotFound("regionId");
        }

        if (role is MemberRole.Rep or MemberRole.TeamLead && teamId is null && input.IsValid)
        {
            input.Invalid("teamId", $"A member with the {role.ToString().ToConstantCase()} role must belong to a team.");
        }

        if (role is MemberRole.RegionManager && regionId is null && input.IsValid)
        {
            input.Invalid("regionId", "A region manager must belong to a region.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var duplicate = new DuplicateError(input.PathOf("email"), email!, $"A member with email '{email}' already exists.");
        if (await db.Members.AnyAsync(m => m.Email == email && (member == null || m.Id != member.Id), ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        member ??= db.Members.Add(new Member
        {
            TenantId = ctx.TenantId(),
            Name = name!,
            Email = email!,
            HiredOn = input.Get<DateOnly>("hiredOn"),
            CreatedAt = Now,
        }).Entity;
        var active = input.Get<bool?>("active") ?? member.Active;
        // A new member widens their team lead's and region manager's view; a changed one may narrow or end their own sessions.
        var standingChanged = isNew || member.Role != role || member.TeamId != teamId || member.RegionId != regionId || member.Active != active;
        var deactivated = !isNew && member.Active && !active;
        member.Name = name!;
        member.Email = email!;
        member.Phone = phone;
        member.Industry = industry;
        member.Role = role;
        member.TeamId = teamId;
        member.RegionId = regionId;
        member.Active = active;
        member.UpdatedAt = Now;
        if (standingChanged && !deactivated)
        {
            // Built at the save: a new member has its key by then.
            db.Journal(() => new MemberStandingChanged(member.TenantId, member.Id, Now));
        }

        var saved = await SaveAsync(db, member, duplicate, ctx.CancellationToken);
        if (deactivated && saved.Errors.Count == 0)
        {
            // Their refresh tokens and authorizations are revoked too, so no session of theirs outlives this answer.
            await ctx.RequestServices!.GetRequiredService<MemberAccessService>().EndSessionsAsync(member.TenantId, member.Id, ctx.CancellationToken);
        }

        return saved;
    }

    private async Task<MutationPayload<WorkingCalendar>> CreateCalendarAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var name = input.RequiredText("name", 100);
        var timeZone = input.RequiredText("timeZone", 64);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            input.Invalid("timeZone", $"'{timeZone}' is not a known IANA time zone.");
        }

        var start = input.Get<TimeOnly>("workdayStart");
        var end = input.Get<TimeOnly>("workdayEnd");
        if (end <= start)
        {
            input.Invalid("workdayEnd", "`workdayEnd` must be after `workdayStart`.");
        }

        var days = input.List<int>("workingDays")?.Distinct().Order().ToList() ?? [];
        if (days.Count == 0 || days.Any(d => d is < 1 or > 7))
        {
            input.Invalid("workingDays", "`workingDays` must list ISO day numbers from 1 (Monday) to 7 (Sunday).");
        }

        var exceptions = (input.List<IDictionary<string, object?>>("exceptions") ?? [])
            .Select(e => new CalendarException { Date = (DateOnly)e["date"]!, Name = ((string)e["name"]!).Trim(), IsWorkingDay = (bool)e["isWorkingDay"]! })
            .ToList();
        if (exceptions.GroupBy(e => e.Date).Any(g => g.Count() > 1))
        {
            input.Invalid("exceptions", "Each date may have one exception only.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var duplicate = new DuplicateError(input.PathOf("name"), name!, $"A working calendar named '{name}' already exists.");
        if (await db.WorkingCalendars.AnyAsync(c => c.Name == name, ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        var calendar = db.WorkingCalendars.Add(new WorkingCalendar
        {
            TenantId = ctx.TenantId(),
            Name = name!,
            TimeZone = timeZone!,
            WorkdayStart = start,
            WorkdayEnd = end,
            WorkingDays = days,
            Exceptions = exceptions,
            CreatedAt = Now,
        }).Entity;
        return await SaveAsync(db, calendar, duplicate, ctx.CancellationToken);
    }

    /// <summary>The key of a member given by id who must hold <paramref name="role"/>; null clears the reference.</summary>
    private static async Task<long?> MemberWithRoleAsync(SalesDbContext db, InputFields input, string field, MemberRole role, CancellationToken cancellationToken)
    {
        var id = input.Id(field, "Member");
        if (id is null)
        {
            return null;
        }

        var actualRole = await db.Members.Where(m => m.Id == id).Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        if (actualRole is null)
        {
            input.NotFound(field);
        }
        else if (actualRole != role)
        {
            input.Invalid(field, $"The member must have the {role.ToString().ToConstantCase()} role.");
        }

        return id;
    }

    /// <summary>Saves, turning a unique-index race lost to a concurrent writer into the duplicate error.</summary>
    internal static async Task<MutationPayload<T>> SaveAsync<T>(SalesDbContext db, T changed, UserError onDuplicate, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return MutationPayload.Success(changed);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(onDuplicate);
        }
    }
}
