using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Infrastructure.Seeding;

/// <summary>The demo tenant's product catalog, which leads name their interests from.</summary>
public static class DemoLeadCatalog
{
    public static readonly IReadOnlyList<(string Code, string Name, Industry[] Industries)> Products =
    [
        ("PV-INVERTER", "组串式光伏逆变器", [Industry.NewEnergy]),
        ("ESS-CABINET", "工商业储能柜", [Industry.NewEnergy, Industry.IndustrialAutomation]),
        ("PLC-S7", "中型 PLC 控制器", [Industry.IndustrialAutomation, Industry.Automotive, Industry.Electronics]),
        ("SERVO-X", "伺服驱动系统", [Industry.IndustrialAutomation, Industry.Automotive]),
        ("MES-CLOUD", "云端 MES 制造执行系统", [Industry.IndustrialAutomation, Industry.Electronics, Industry.Chemicals, Industry.ConsumerGoods]),
        ("CT-SCAN", "医用 CT 扫描设备", [Industry.MedicalDevices]),
        ("IVD-LAB", "体外诊断实验室方案", [Industry.MedicalDevices]),
        ("WMS-PRO", "仓储管理系统", [Industry.Logistics, Industry.ConsumerGoods]),
        ("GLASS-LOWE", "Low-E 节能玻璃", [Industry.BuildingMaterials]),
    ];

    public static async Task SeedAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        db.Products.AddRange(Products.Select(p => new Product { TenantId = tenantId, Code = p.Code, Name = p.Name, Industries = [.. p.Industries], CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
