using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Demo;

/// <summary>How much data to make.</summary>
public sealed record DataScale(int Regions, int TeamsPerRegion, int RepsPerTeam, int Accounts, int ContactsPerAccount)
{
    public int Reps => Regions * TeamsPerRegion * RepsPerTeam;
}

public sealed record SeedProgress(string Stage, int Done, int Total);

/// <summary>
/// A realistic, deterministic tenant: the same scale always gives the same rows, so demos, snapshots
/// and benchmarks are repeatable.
/// </summary>
public sealed class DemoDataSeeder(ISalesDbContextPool pool)
{
    public const string DemoTenantSlug = "demo";

    /// <summary>4 regions, 12 teams, 48 reps, 400 accounts.</summary>
    public static readonly DataScale DemoScale = new(Regions: 4, TeamsPerRegion: 3, RepsPerTeam: 4, Accounts: 400, ContactsPerAccount: 3);

    /// <summary>Fixed, so seeded rows do not depend on when they were seeded.</summary>
    public static readonly DateTime Epoch = new(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc);

    private const int BatchSize = 2_000;

    private static readonly (string Code, string Name, string[] Provinces, string[] Cities)[] RegionCatalog =
    [
        ("EAST", "华东大区", ["上海", "江苏", "浙江", "安徽"], ["上海", "苏州", "杭州", "合肥", "宁波", "无锡"]),
        ("SOUTH", "华南大区", ["广东", "福建", "广西"], ["深圳", "广州", "厦门", "东莞", "佛山"]),
        ("NORTH", "华北大区", ["北京", "天津", "河北", "山东"], ["北京", "天津", "石家庄", "济南", "青岛"]),
        ("SOUTHWEST", "西南大区", ["四川", "重庆", "云南"], ["成都", "重庆", "昆明", "绵阳"]),
        ("CENTRAL", "华中大区", ["湖北", "湖南", "河南"], ["武汉", "长沙", "郑州"]),
        ("NORTHWEST", "西北大区", ["陕西", "甘肃", "新疆"], ["西安", "兰州", "乌鲁木齐"]),
    ];

    private static readonly (Industry Industry, string[] SubSegments, string[] Words)[] IndustryCatalog =
    [
        (Industry.NewEnergy, ["光伏", "风电", "储能"], ["光能", "新能源", "风电装备", "储能科技", "晶硅"]),
        (Industry.MedicalDevices, ["医疗器械", "影像设备", "体外诊断"], ["医疗器械", "生物医疗", "医学影像", "诊断技术"]),
        (Industry.IndustrialAutomation, ["工业自动化", "工业机器人", "运动控制"], ["自动化", "智能装备", "机器人", "精密控制"]),
        (Industry.BuildingMaterials, ["建材", "水泥", "玻璃"], ["建材", "新型材料", "玻璃", "水泥"]),
        (Industry.ConsumerGoods, ["快消", "食品饮料", "日化"], ["食品", "饮料", "日化用品", "乳业"]),
        (Industry.Automotive, ["整车", "汽车零部件"], ["汽车部件", "车业", "动力系统"]),
        (Industry.Electronics, ["半导体", "消费电子"], ["微电子", "半导体", "电子科技"]),
        (Industry.Chemicals, ["精细化工"], ["化工", "新材料"]),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "晓东", "志强", "海燕", "丽华", "俊杰", "子涵", "思远", "雨桐", "浩然"];
    private static readonly string[] Pinyin = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo"];
    private static readonly string[] CompanySuffixes = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"];
    private static readonly string[] TeamNames = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组"];
    private static readonly (string Title, DecisionRole Role)[] ContactRoles =
    [
        ("总经理", DecisionRole.DecisionMaker), ("采购总监", DecisionRole.EconomicBuyer), ("技术总监", DecisionRole.TechnicalEvaluator),
        ("设备部经理", DecisionRole.Influencer), ("生产主管", DecisionRole.User), ("总经理助理", DecisionRole.Gatekeeper), ("项目经理", DecisionRole.Champion),
    ];

    /// <summary>The provinces of a region of the catalog, by its code (a numbered copy of a region shares them).</summary>
    public static IReadOnlyList<string> ProvincesOf(string regionCode) =>
        RegionCatalog.FirstOrDefault(r => regionCode.StartsWith(r.Code, StringComparison.Ordinal)).Provinces ?? [];

    public static string SurnameAt(int index) => Surnames[index % Surnames.Length];

    /// <summary>
    /// Seeds a tenant. Without <paramref name="historyUntil"/> its follow-ups and twelve opportunities lie at fixed dates (the
    /// test kit's tenants rely on them); with it, <see cref="DemoProcessHistory"/> writes eight weeks of the sales process up to
    /// that instant instead.
    /// </summary>
    public async Task<long> SeedAsync(DataScale scale, IProgress<SeedProgress>? progress, CancellationToken cancellationToken, string slug = DemoTenantSlug, string name = "示范销售有限公司 Demo Sales Co.", DateTime? historyUntil = null)
    {
        var random = new Random(20261127);
        await using var db = pool.RentAcrossTenants();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var tenant = new Tenant { Slug = slug, Name = name, TimeZone = "Asia/Shanghai", CreatedAt = Epoch };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        var tenantId = tenant.Id;

        var calendar = new WorkingCalendar
        {
            TenantId = tenantId,
            Name = "中国大陆标准工作日",
            TimeZone = "Asia/Shanghai",
            WorkdayStart = new TimeOnly(9, 0),
            WorkdayEnd = new TimeOnly(18, 0),
            WorkingDays = [1, 2, 3, 4, 5],
            Exceptions =
            [
                new CalendarException { Date = new DateOnly(2026, 10, 1), Name = "国庆节", IsWorkingDay = false },
                new CalendarException { Date = new DateOnly(2026, 10, 2), Name = "国庆节", IsWorkingDay = false },
                new CalendarException { Date = new DateOnly(2026, 10, 10), Name = "国庆调休", IsWorkingDay = true },
            ],
            CreatedAt = Epoch,
        };
        db.WorkingCalendars.Add(calendar);

        var emailCounter = 0;
        var rolesWithLogin = new HashSet<MemberRole>();
        Member NewMember(MemberRole role, long? teamId, long? regionId)
        {
            var surname = random.Next(Surnames.Length);
            emailCounter++;
            // The first member of each role gets an address that is easy to log in with: rep@demo.example.com.
            var email = rolesWithLogin.Add(role)
                ? $"{role.ToString().ToLowerInvariant()}@{slug}.example.com"
                : $"{Pinyin[surname]}.{emailCounter:D4}@{slug}.example.com";
            return new Member
            {
                TenantId = tenantId,
                Name = Surnames[surname] + GivenNames[random.Next(GivenNames.Length)],
                Email = email,
                Phone = $"13{random.Next(100_000_000, 999_999_999)}",
                Role = role,
                TeamId = teamId,
                RegionId = regionId,
                HiredOn = DateOnly.FromDateTime(Epoch).AddDays(-random.Next(30, 2_000)),
                CreatedAt = Epoch.AddMinutes(emailCounter),
                UpdatedAt = Epoch.AddMinutes(emailCounter),
            };
        }

        var reps = new List<(Member Member, int Region)>();
        for (var r = 0; r < scale.Regions; r++)
        {
            var (code, regionName, _, _) = RegionCatalog[r % RegionCatalog.Length];
            var suffix = r < RegionCatalog.Length ? string.Empty : (r / RegionCatalog.Length + 1).ToString();
            var region = new Region { TenantId = tenantId, Code = code + suffix, Name = regionName + suffix, CreatedAt = Epoch.AddSeconds(r) };
            db.Regions.Add(region);
            await db.SaveChangesAsync(cancellationToken);

            var manager = NewMember(MemberRole.RegionManager, null, region.Id);
            db.Members.Add(manager);
            await db.SaveChangesAsync(cancellationToken);
            region.ManagerId = manager.Id;
            db.Regions.Update(region);

            for (var t = 0; t < scale.TeamsPerRegion; t++)
            {
                var team = new Team
                {
                    TenantId = tenantId,
                    RegionId = region.Id,
                    Name = regionName.Replace("大区", string.Empty) + suffix + TeamNames[t % TeamNames.Length] + (t < TeamNames.Length ? string.Empty : (t / TeamNames.Length + 1).ToString()),
                    CalendarId = calendar.Id,
                    CreatedAt = Epoch.AddSeconds(r * 100 + t),
                };
                db.Teams.Add(team);
                await db.SaveChangesAsync(cancellationToken);

                var lead = NewMember(MemberRole.TeamLead, team.Id, region.Id);
                db.Members.Add(lead);
                var teamReps = Enumerable.Range(0, scale.RepsPerTeam).Select(_ => NewMember(MemberRole.Rep, team.Id, region.Id)).ToList();
                db.Members.AddRange(teamReps);
                await db.SaveChangesAsync(cancellationToken);
                team.LeadId = lead.Id;
                db.Teams.Update(team);
                reps.AddRange(teamReps.Select(rep => (rep, r % RegionCatalog.Length)));
                progress?.Report(new SeedProgress("members", reps.Count, scale.Reps));
            }
        }

        db.Members.Add(NewMember(MemberRole.SalesOps, null, null));
        db.Members.Add(NewMember(MemberRole.Reviewer, null, null));
        db.Members.Add(NewMember(MemberRole.Admin, null, null));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        await SeedAccountsAsync(db, tenantId, scale, reps, random, progress, cancellationToken);
        await DemoLeadCatalog.SeedAsync(db, tenantId, Epoch, cancellationToken);
        await DemoPipelineCatalog.SeedAsync(db, tenantId, Epoch, withOpportunities: historyUntil is null, cancellationToken);
        await DocumentKindCatalog.SeedAsync(db, tenantId, Epoch, cancellationToken);
        if (historyUntil is { } until)
        {
            await FollowUpCatalog.EnsureAsync(db, tenantId, Epoch, cancellationToken);
            progress?.Report(new SeedProgress("history", 0, 1));
            await DemoProcessHistory.SeedAsync(db, tenantId, until, cancellationToken);
            progress?.Report(new SeedProgress("history", 1, 1));
        }
        else
        {
            await DemoFollowUps.SeedAsync(db, tenantId, cancellationToken);
        }

        return tenantId;
    }

    private static async Task SeedAccountsAsync(SalesDbContext db, long tenantId, DataScale scale, List<(Member Member, int Region)> reps, Random random, IProgress<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < scale.Accounts; start += BatchSize)
        {
            var accounts = new List<Account>();
            for (var i = start; i < Math.Min(start + BatchSize, scale.Accounts); i++)
            {
                var (industry, subSegments, words) = IndustryCatalog[random.Next(IndustryCatalog.Length)];
                var (owner, regionIndex) = reps.Count > 0 ? reps[random.Next(reps.Count)] : (null!, random.Next(RegionCatalog.Length));
                var (_, _, provinces, cities) = RegionCatalog[regionIndex];
                var city = cities[random.Next(cities.Length)];
                var name = city + Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)] + words[random.Next(words.Length)] + CompanySuffixes[random.Next(CompanySuffixes.Length)];
                if (!usedNames.Add(name))
                {
                    name = $"{name}（{i}）";
                    usedNames.Add(name);
                }

                var size = (CompanySize)random.Next(Enum.GetValues<CompanySize>().Length);
                accounts.Add(new Account
                {
                    TenantId = tenantId,
                    Name = name,
                    Industry = industry,
                    SubSegment = subSegments[random.Next(subSegments.Length)],
                    Ownership = (OwnershipType)random.Next(Enum.GetValues<OwnershipType>().Length),
                    Size = size,
                    Province = provinces[random.Next(provinces.Length)],
                    City = city,
                    AnnualRevenueAmount = Math.Round((decimal)(random.NextDouble() * 9 + 1) * (decimal)Math.Pow(10, 6 + (int)size), 2),
                    AnnualRevenueCurrency = "CNY",
                    OwnerId = owner?.Id,
                    CreatedAt = Epoch.AddMinutes(i * 7),
                    UpdatedAt = Epoch.AddMinutes(i * 7),
                });
            }

            db.Accounts.AddRange(accounts);
            await db.SaveChangesAsync(cancellationToken);

            var contacts = new List<Contact>();
            foreach (var account in accounts)
            {
                for (var c = 0; c < scale.ContactsPerAccount; c++)
                {
                    var (title, role) = ContactRoles[c == 0 ? 0 : random.Next(ContactRoles.Length)];
                    var surname = random.Next(Surnames.Length);
                    contacts.Add(new Contact
                    {
                        TenantId = tenantId,
                        AccountId = account.Id,
                        Name = Surnames[surname] + GivenNames[random.Next(GivenNames.Length)],
                        Title = title,
                        Phone = $"139{random.Next(10_000_000, 99_999_999)}",
                        Email = $"{Pinyin[surname]}{random.Next(100, 999)}@customer{account.Id}.example.cn",
                        DecisionRole = role,
                        CreatedAt = account.CreatedAt.AddMinutes(c + 1),
                        UpdatedAt = account.CreatedAt.AddMinutes(c + 1),
                    });
                }
            }

            db.Contacts.AddRange(contacts);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(new SeedProgress("accounts", Math.Min(start + BatchSize, scale.Accounts), scale.Accounts));
        }
    }
}
