namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// The situations a text speaks of, read from its everyday words: a rep writes "客户嫌贵" and means the tag 价格疑虑. The
/// built-in vocabulary covers the common sales situations; <see cref="WithTags"/> extends it by a tenant's tag catalog.
/// Cues are phrases that tell the situation on their own: a bare "老板" (the customer's boss wants reports) or "培训"
/// (a training school) tells nothing, so neither is a cue.
/// </summary>
public sealed class SituationLexicon(IReadOnlyDictionary<string, string[]> cues)
{
    public static SituationLexicon Default { get; } = new(new Dictionary<string, string[]>
    {
        ["价格疑虑"] = ["嫌贵", "太贵", "贵了", "贵不少", "便宜", "价格", "报价", "预算", "砍价", "压价", "降价", "折扣", "让利", "超预算", "成本"],
        ["竞品对比"] = ["竞品", "竞争对手", "对手", "友商", "别家", "隔壁", "其他厂家", "另一家", "比价"],
        ["决策人缺位"] = ["拍板", "决策人", "说了不算", "点头", "老总", "董事长", "总经理", "见不到", "没见到", "没露面", "上面的"],
        ["交付疑虑"] = ["交期", "交付", "工期", "上线太久", "延期", "来不及", "多久能用", "做了半年"],
        ["技术疑虑"] = ["兼容", "对接", "接口", "接不上", "稳定", "性能", "安全", "数据迁移", "老系统", "原来的软件", "打架"],
        ["回款风险"] = ["账期", "回款", "付款", "预付", "垫资", "资金", "先用后付", "手头紧", "钱的事"],
        ["推进停滞"] = ["没消息", "不回", "拖着", "搁置", "停滞", "没动静", "再等等", "下个季度", "要黄"],
        ["售后顾虑"] = ["售后", "维保", "运维"],
    });

    /// <summary>The default tags whose names tell a situation (the others — 首次接触, 签约意向 — tell a step, not a risk).</summary>
    private static readonly Dictionary<string, string> SituationOfTagCode = new(StringComparer.Ordinal)
    {
        ["PRICE_CONCERN"] = "价格疑虑",
        ["COMPETITOR_COMPARISON"] = "竞品对比",
    };

    /// <summary>
    /// This lexicon with a tenant's tag catalog as synonyms: a tag of a situation's code, under whatever names the tenant
    /// gave it (renamed 报价异议, or its English name), tells that situation; so does a tag named as a situation.
    /// </summary>
    public SituationLexicon WithTags(IEnumerable<(string Code, string NameZh, string NameEn)> tags)
    {
        var extended = cues.ToDictionary(c => c.Key, c => c.Value.ToList());
        foreach (var (code, nameZh, nameEn) in tags)
        {
            var situation = SituationOfTagCode.GetValueOrDefault(code) ?? (extended.ContainsKey(nameZh) ? nameZh : null);
            if (situation is not null)
            {
                extended[situation].AddRange(new[] { nameZh, nameEn }.Where(name => name.Length > 1 && name != situation && !extended[situation].Contains(name)));
            }
        }

        return new SituationLexicon(extended.ToDictionary(c => c.Key, c => c.Value.ToArray()));
    }

    public IReadOnlyList<string> SituationsIn(string text) => [.. CuesIn(text).Select(s => s.Tag)];

    /// <summary>Each situation the text speaks of, with the words that tell it.</summary>
    public IReadOnlyList<(string Tag, IReadOnlyList<string> Cues)> CuesIn(string text) =>
        [.. cues.Select(situation => (Tag: situation.Key, Cues: (IReadOnlyList<string>)[.. situation.Value.Prepend(situation.Key).Where(cue => text.Contains(cue, StringComparison.OrdinalIgnoreCase))]))
            .Where(situation => situation.Cues.Count > 0)];
}

/// <summary>
/// Query expansion: the words a rep uses for a need or a kind of customer, and the words a case author writes for the
/// same thing ("仓库和财务对不上账" is an ERP's 库存 and 财务; "私立医院" is a 民营医院). Only added to the query, at a lower
/// weight than the rep's own words, so a wrong guess costs little.
/// </summary>
public static class CaseVocabulary
{
    private static readonly (string[] Cues, string Expansion)[] Entries =
    [
        // Needs, as a customer says them, and the product a case names.
        (["进销存", "库存", "订单", "仓库", "对账", "对不上账"], "ERP 采购 库存 生产 财务"),
        (["报表", "看板", "经营数据", "驾驶舱"], "数据分析 报表 驾驶舱 经营数据"),
        (["投诉", "咨询", "工单", "客服", "接不过来"], "客服 全渠道 工单"),
        (["巡检", "停机", "突然坏", "设备", "故障"], "设备 预测性维护 巡检"),
        // Customer segments, as a rep names them, and the industry and sub-segment a case is filed under.
        (["配件", "零件", "主机厂", "整车", "车灯"], "汽车零部件 制造"),
        (["电子料", "贴片", "电路板", "元器件"], "电子元器件 SMT 模组"),
        (["超市", "生鲜", "门店"], "连锁超市 零售"),
        (["私立", "私人", "医院", "口腔", "眼科"], "民营医院 专科医院"),
        (["培训", "考证", "学校"], "职业培训 学员"),
        (["冷链", "冷库", "冻品", "车队"], "冷链 物流 冷藏车"),
        (["城商行", "银行"], "城市商业银行 网点"),
        (["火锅", "餐厅", "中餐", "餐饮"], "连锁餐饮 门店"),
        (["物业", "小区"], "物业管理 小区"),
        (["光伏", "太阳能", "电站"], "光伏 电站"),
    ];

    /// <summary>The case-side words for each need or segment the text speaks of.</summary>
    public static IEnumerable<string> ExpansionsOf(string text) =>
        Entries.Where(entry => entry.Cues.Any(cue => text.Contains(cue, StringComparison.Ordinal))).Select(entry => entry.Expansion);
}
