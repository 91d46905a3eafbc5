using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Demo;

/// <summary>The demo tenant's product catalog, which leads name their interests from, and its first-call scripts.</summary>
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

    /// <summary>A general script, one for an industry and one for a product, to show which one wins.</summary>
    public static readonly IReadOnlyList<(string Name, Industry? Industry, string? ProductCode, string Body)> ScriptTemplates =
    [
        ("通用首呼话术", null, null, "{{lead.name}}您好，我是{{owner.name}}，收到您的咨询，想了解一下贵司目前的需求。我们可以重点介绍：{{products}}。"),
        ("新能源首呼话术", Industry.NewEnergy, null, "{{lead.name}}您好，我是{{owner.name}}。{{lead.company}}在{{lead.province}}的新能源项目我们很关注，推荐您了解：{{products}}。"),
        ("逆变器首呼话术", Industry.NewEnergy, "PV-INVERTER", "{{lead.name}}您好，我是{{owner.name}}。您咨询的组串式逆变器有现货，先确认一下电站装机容量和并网时间？另可一并了解：{{products}}。"),
    ];

    public static async Task SeedAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        db.Products.AddRange(Products.Select(p => new Product { TenantId = tenantId, Code = p.Code, Name = p.Name, Industries = [.. p.Industries], CreatedAt = now }));
        db.ScriptTemplates.AddRange(ScriptTemplates.Select(t => new ScriptTemplate { TenantId = tenantId, Name = t.Name, Industry = t.Industry, ProductCode = t.ProductCode, Body = t.Body, CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
