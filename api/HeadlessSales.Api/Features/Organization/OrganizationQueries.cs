using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.GraphQL.Schema;
using Microsoft.EntityFrameworkCore;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Organization;

public enum RegionOrderField
{
    Name,
    Code,
    CreatedAt,
}

public enum TeamOrderField
{
    Name,
    CreatedAt,
}

public enum MemberOrderField
{
    Name,
    Email,
    CreatedAt,
}

public sealed class RegionOrderFieldType : EnumerationGraphType<RegionOrderField>
{
    public RegionOrderFieldType() => Name = "RegionOrderField";
}

public sealed class TeamOrderFieldType : EnumerationGraphType<TeamOrderField>
{
    public TeamOrderFieldType() => Name = "TeamOrderField";
}

public sealed class MemberOrderFieldType : EnumerationGraphType<MemberOrderField>
{
    public MemberOrderFieldType() => Name = "MemberOrderField";
}

public sealed class RegionOrderType() : OrderInputType<RegionOrderFieldType>("RegionOrder", "How regions are ordered.");

public sealed class TeamOrderType() : OrderInputType<TeamOrderFieldType>("TeamOrder", "How teams are ordered.");

public sealed class MemberOrderType() : OrderInputType<MemberOrderFieldType>("MemberOrder", "How members are ordered.");

public sealed class RegionFilterType : InputObjectGraphType
{
    public RegionFilterType()
    {
        Name = "RegionFilter";
        Field<StringGraphType>("search").Description("Part of the name or code.");
    }
}

public sealed class TeamFilterType : InputObjectGraphType
{
    public TeamFilterType()
    {
        Name = "TeamFilter";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("regionIds").Description("Teams in any of these regions.");
        Field<StringGraphType>("search").Description("Part of the name.");
    }
}

public sealed class MemberFilterType : InputObjectGraphType
{
    public MemberFilterType()
    {
        Name = "MemberFilter";
        Field<ListGraphType<NonNullGraphType<MemberRoleType>>>("roles").Description("Members with any of these roles.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds").Description("Members of any of these teams.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("regionIds").Description("Members in any of these regions.");
        Field<BooleanGraphType>("active");
        Field<StringGraphType>("search").Description("Part of the name or email.");
    }
}

public sealed class OrganizationQueries : IQueryFields
{
    private static readonly Dictionary<RegionOrderField, Func<bool, SortOrder<Region>>> RegionOrders = new()
    {
        [RegionOrderField.Name] = desc => SortOrder<Region>.By("name", r => r.Name, desc),
        [RegionOrderField.Code] = desc => SortOrder<Region>.By("code", r => r.Code, desc),
        [RegionOrderField.CreatedAt] = desc => SortOrder<Region>.By("createdAt", r => r.CreatedAt, desc),
    };

    private static readonly Dictionary<TeamOrderField, Func<bool, SortOrder<Team>>> TeamOrders = new()
    {
        [TeamOrderField.Name] = desc => SortOrder<Team>.By("name", t => t.Name, desc),
        [TeamOrderField.CreatedAt] = desc => SortOrder<Team>.By("createdAt", t => t.CreatedAt, desc),
    };

    private static readonly Dictionary<MemberOrderField, Func<bool, SortOrder<Member>>> MemberOrders = new()
    {
        [MemberOrderField.Name] = desc => SortOrder<Member>.By("name", m => m.Name, desc),
        [MemberOrderField.Email] = desc => SortOrder<Member>.By("email", m => m.Email, desc),
        [MemberOrderField.CreatedAt] = desc => SortOrder<Member>.By("createdAt", m => m.CreatedAt, desc),
    };

    // What each MemberType field reads: the page selects only these columns when the document asks for nothing else.
    private static readonly NodeColumns<Member> MemberColumns = new(
        ("name", m => m.Name),
        ("email", m => m.Email),
        ("phone", m => m.Phone),
        ("role", m => m.Role),
        ("team", m => m.TeamId),
        ("region", m => m.RegionId),
        ("hiredOn", m => m.HiredOn),
        ("industry", m => m.Industry),
        ("active", m => m.Active),
        ("createdAt", m => m.CreatedAt),
        ("updatedAt", m => m.UpdatedAt));

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<TenantType>>("tenant")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant the caller acts for.")
            .Resolve(ctx => ctx.DataLoader<TenantByIdDataLoader>()
                .LoadAsync(ctx.TenantId()));

        query.Field<NonNullGraphType<ConnectionType<RegionType>>>("regions")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's sales regions.")
            .PagingArguments()
            .Argument<RegionFilterType>("where")
            .Argument<RegionOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var regions = db.Regions.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Text("search") is { } search)
                {
                    var pattern = OrderingExtensions.ContainsPattern(search);
                    regions = regions.Where(r => EF.Functions.Like(r.Name, pattern, "\\") || EF.Functions.Like(r.Code, pattern, "\\"));
                }

                var connection = await regions.ToConnectionAsync(ctx.GetOrder(RegionOrders), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<TeamType>>>("teams")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's sales teams.")
            .PagingArguments()
            .Argument<TeamFilterType>("where")
            .Argument<TeamOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var teams = db.Teams.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    teams = teams.Where(t => regionIds.Contains(t.RegionId));
                }

                if (filter.Text("search") is { } search)
                {
                    var pattern = OrderingExtensions.ContainsPattern(search);
                    teams = teams.Where(t => EF.Functions.Like(t.Name, pattern, "\\"));
                }

                var connection = await teams.ToConnectionAsync(ctx.GetOrder(TeamOrders), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<MemberType>>>("members")
            .Authorize(Scopes.SalesRead)
            .Description("The people of the tenant's sales organisation.")
            .PagingArguments()
            .Argument<MemberFilterType>("where")
            .Argument<MemberOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var members = db.Members.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<MemberRole>("roles") is { } roles)
                {
                    members = members.Where(m => roles.Contains(m.Role));
                }

                if (filter.Ids("teamIds", "Team") is { } teamIds)
                {
                    members = members.Where(m => m.TeamId != null && teamIds.Contains(m.TeamId.Value));
                }

                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    members = members.Where(m => m.RegionId != null && regionIds.Contains(m.RegionId.Value));
                }

                if (filter.Get<bool?>("active") is { } active)
                {
                    members = members.Where(m => m.Active == active);
                }

                if (filter.Text("search") is { } search)
                {
                    var pattern = OrderingExtensions.ContainsPattern(search);
                    members = members.Where(m => EF.Functions.Like(m.Name, pattern, "\\") || EF.Functions.Like(m.Email, pattern, "\\"));
                }

                var order = ctx.GetOrder(MemberOrders);
                var connection = await members.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken, MemberColumns.For(ctx, order));
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<WorkingCalendarType>>>("workingCalendars")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's working calendars.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.WorkingCalendars.AsNoTracking()
                    .ToConnectionAsync(SortOrder<WorkingCalendar>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
