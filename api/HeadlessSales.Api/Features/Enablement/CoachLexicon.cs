namespace HeadlessSales.Api.Features.Enablement;

/// <summary>A situation read from a text: how surely (1 for a cue that tells it on its own, less for a weaker one) and the words that told it.</summary>
public sealed record SituationReading(string Tag, float Weight, IReadOnlyList<string> Cues);

/// <summary>
/// The situations a text speaks of, read from its everyday words: a rep writes "客户嫌贵" and means the tag 价格疑虑. The
/// built-in vocabulary covers the common sales situations; <see cref="WithTags"/> extends it by a tenant's tag catalog.
/// Strong cues are phrases that tell the situation on their own; weak cues lean towards it (a bare "多久" may be about
/// delivery or about anything) and count for half. A bare "老板" (the customer's boss wants reports) or "对接" (the
/// contact person, 对接人) tells nothing, so neither is a cue.
/// </summary>
public sealed class SituationLexicon(IReadOnlyDictionary<string, string[]> cues, IReadOnlyDictionary<string, string[]>? weakCues = null)
{
    public const float WeakCueWeight = 0.5f;

    // Written as a rep says each situation, from sales practice at large — not from the labelled summaries' wordings.
    public static SituationLexicon Default { get; } = new(new Dictionary<string, string[]>
    {
        ["价格疑虑"] = ["嫌贵", "太贵", "贵了", "贵不少", "偏贵", "便宜", "价格", "价钱", "价位", "要价", "报价", "预算", "砍价", "压价", "降价", "折扣", "打折", "让利",
            "优惠", "超预算", "性价比", "不划算", "费用太高", "成本"],
        ["竞品对比"] = ["竞品", "竞争对手", "对手", "友商", "别家", "别人家", "人家给", "隔壁", "其他厂家", "其他家", "另一家", "另外一家", "比价", "货比三家", "报价单",
            "同行的报价", "同行报价"],
        ["决策人缺位"] = ["拍板", "决策人", "决策者", "说了不算", "做不了主", "能做主", "做主的", "点头", "老总", "董事长", "总经理", "一把手", "大老板", "高层", "见不到",
            "没见到", "没露面", "不露面", "不出面", "上面的", "请示", "签字的人", "审批"],
        ["交付疑虑"] = ["交期", "交付", "工期", "上线太久", "延期", "来不及", "多久能用", "做了半年", "实施周期", "周期太长", "周期长", "拖太久", "弄不完", "做不完",
            "搞不完", "赶不上", "耽误", "落地慢"],
        ["技术疑虑"] = ["兼容", "接口", "接不上", "连不上", "连不起来", "打不通", "对接不上", "对接困难", "稳定", "性能", "安全", "数据迁移", "老系统", "旧系统",
            "现有系统", "原来的软件", "原有系统", "打架", "本地部署", "私有化", "留在本地", "机房", "信息科", "信息部", "技术负责人"],
        ["回款风险"] = ["账期", "回款", "付款", "付钱", "结款", "结账", "预付", "垫资", "资金", "现金流", "先用后付", "晚点付", "后付", "赊账", "欠款", "手头紧", "钱的事",
            "没钱", "缺钱"],
        ["推进停滞"] = ["没消息", "不回", "没回音", "没下文", "拖着", "搁置", "停滞", "没动静", "再等等", "再说", "下个季度", "过完年", "明年再", "要黄", "石沉大海",
            "没进展", "不了了之", "暂缓", "放一放", "失联", "冷下来"],
        ["售后顾虑"] = ["售后", "维保", "运维"],
    }, new Dictionary<string, string[]>
    {
        ["价格疑虑"] = ["贵", "高出", "低价"],
        ["竞品对比"] = ["同行", "对比", "比较"],
        ["交付疑虑"] = ["多久", "周期", "实施", "旺季", "太慢"],
        ["技术疑虑"] = ["IT", "技术", "数据放"],
        ["回款风险"] = ["钱紧", "紧张", "分期"],
        ["推进停滞"] = ["等等", "没回"],
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

        return new SituationLexicon(extended.ToDictionary(c => c.Key, c => c.Value.ToArray()), weakCues);
    }

    public IReadOnlyList<string> SituationsIn(string text) => [.. Read(text).Select(s => s.Tag)];

    /// <summary>Each situation the text speaks of, with the words that tell it.</summary>
    public IReadOnlyList<(string Tag, IReadOnlyList<string> Cues)> CuesIn(string text) => [.. Read(text).Select(s => (s.Tag, s.Cues))];

    /// <summary>Each situation the text speaks of, how surely, and the words that tell it.</summary>
    public IReadOnlyList<SituationReading> Read(string text)
    {
        var readings = new List<SituationReading>();
        foreach (var (tag, strong) in cues)
        {
            var found = strong.Prepend(tag).Where(cue => text.Contains(cue, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count > 0)
            {
                readings.Add(new SituationReading(tag, 1f, found));
            }
            else if (weakCues?.GetValueOrDefault(tag) is { } weak && weak.Where(cue => text.Contains(cue, StringComparison.OrdinalIgnoreCase)).ToList() is { Count: > 0 } leaning)
            {
                readings.Add(new SituationReading(tag, WeakCueWeight, leaning));
            }
        }

        return readings;
    }
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
        (["进销存", "库存", "订单", "仓库", "对账", "对不上账", "入库", "出库", "盘点", "账实", "物料", "采购", "发货", "出入库"], "ERP 采购 库存 生产 财务"),
        (["报表", "看板", "经营数据", "驾驶舱", "统计", "指标", "大屏", "实时数据", "数据分析", "BI"], "数据分析 报表 驾驶舱 经营数据"),
        (["投诉", "咨询", "工单", "客服", "接不过来", "来电", "热线", "回访", "没人接", "没人跟"], "客服 全渠道 工单"),
        (["巡检", "停机", "突然坏", "设备", "故障", "维修", "保养", "检修", "停产", "机器", "坏了"], "设备 预测性维护 巡检"),
        // Customer segments, as a rep names them, and the industry and sub-segment a case is filed under.
        (["配件", "零件", "主机厂", "整车", "车灯", "汽配", "车厂", "汽车"], "汽车零部件 制造"),
        (["电子料", "贴片", "电路板", "元器件", "SMT", "PCB", "电子组装", "电子厂"], "电子元器件 SMT 模组"),
        (["超市", "生鲜", "门店", "便利店", "商超", "卖场"], "连锁超市 零售"),
        (["私立", "私人", "私营", "医院", "口腔", "眼科", "专科", "医美", "诊所"], "民营医院 专科医院"),
        (["培训", "考证", "学校", "技能", "教育", "学员", "职校"], "职业培训 学员"),
        (["冷链", "冷库", "冻品", "车队", "冷藏", "冷冻", "运输"], "冷链 物流 冷藏车"),
        (["城商行", "银行", "信用社", "农商行"], "城市商业银行 网点"),
        (["火锅", "餐厅", "中餐", "餐饮", "饭店", "串串", "快餐", "茶饮"], "连锁餐饮 门店"),
        (["物业", "小区", "物管", "社区服务"], "物业管理 小区"),
        (["光伏", "太阳能", "电站", "新能源", "发电"], "光伏 电站"),
    ];

    /// <summary>The case-side words for each need or segment the text speaks of.</summary>
    public static IEnumerable<string> ExpansionsOf(string text) =>
        Entries.Where(entry => entry.Cues.Any(cue => text.Contains(cue, StringComparison.OrdinalIgnoreCase))).Select(entry => entry.Expansion);
}
