using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// The industry templates. Each pipeline's stage codes are its own (a "technical sign-off" stage is named after what is
/// signed in that industry), so a rule starting on one template's stage never hears another template's pipeline.
/// Document kinds in gates are the catalog every tenant starts with (Documents' <c>DocumentKindCatalog</c>).
/// </summary>
public static class ProcessTemplateCatalog
{
    private const int WeekMinutes = 7 * 24 * 60;

    public static readonly IReadOnlyList<ProcessTemplate> Templates =
    [
        new(
            "NEW_ENERGY", "新能源（光伏 / 储能）", Industry.NewEnergy,
            "光伏电站与工商业储能项目：现场勘查 → 技术方案确认 → 商务谈判 → 合同 → 并网验收；线索响应要快，项目周期长。",
            [
                new("GRID_CONNECTION", "并网条件", "Grid connection"),
                new("PROJECT_FILING", "项目备案", "Project filing"),
                new("SUBSIDY_POLICY", "补贴政策", "Subsidy policy"),
                new("STORAGE_CAPACITY", "储能容量需求", "Storage capacity need"),
            ],
            new("NE_PROJECT", "新能源项目流程", "New energy project", [
                new("SITE_ASSESSMENT", "现场勘查", "Site assessment", 10),
                new("TECH_PLAN", "技术方案", "Technical plan", 30),
                new("TECH_PLAN_SIGNED", "技术方案确认", "Technical plan signed", 50, new(["SOLUTION_PROPOSAL"], [OpportunityGateField.Contact])),
                new("NEGOTIATION", "商务谈判", "Negotiation", 70, new(["QUOTATION"], [OpportunityGateField.Amount])),
                new("CONTRACT_SIGNED", "合同签订", "Contract signed", 90, new(["CONTRACT"], [OpportunityGateField.Amount, OpportunityGateField.ExpectedCloseDate])),
                new("GRID_ACCEPTANCE", "并网验收", "Grid acceptance", 100),
            ]),
            [
                new(ProcessMetric.ResponseRate, "线索响应率", 0.95),
                new(ProcessMetric.StageDwell, "商机阶段停留时长（天）", 21),
            ],
            [
                LeadNotAnswered("NEW_ENERGY.LEAD_RESPONSE_30", "新能源线索 30 分钟未响应 → 升级", Industry.NewEnergy),
                SignOffReminder("NEW_ENERGY.TECH_PLAN_SIGNED", "技术方案确认 → 提醒负责人推动签约", "TECH_PLAN_SIGNED", "技术方案已确认：请推动「{record.name}」进入商务签约"),
                ProposalViews("NEW_ENERGY.PROPOSAL_VIEWED_3", "方案建议书 7 天内被看 3 次 → 提醒回访"),
                // New-energy leads go cold in hours: an unanswered first call goes to the next rep rather than waiting on one.
                new("NEW_ENERGY.NO_ANSWER_ROTATE", new RuleDraft(
                    "新能源线索首呼未接通 → 轮给同组下一位", RuleTriggerKind.Event, "lead.first-response-recorded", null, 0,
                    "event.outcome == 'NO_ANSWER' and record.industry == 'NEW_ENERGY'",
                    [new RuleAction(RuleActionKind.Assign, AssignTo: RuleAssignee.TeamRotation)],
                    AutomationRule.DefaultMaxDepth),
                    "首次联系未接通的新能源线索交给同组轮到的下一位代表，由他再次联系"),
                AcceptanceAward("NEW_ENERGY.GRID_ACCEPTANCE_AWARD", "并网验收 → 负责人奖励积分", "GRID_ACCEPTANCE"),
            ]),
        new(
            "MEDICAL_DEVICES", "医疗器械", Industry.MedicalDevices,
            "医院设备采购：科室需求 → 临床试用 → 临床评估通过 → 招标采购 → 合同 → 装机验收；注册证与招标节点是关键。",
            [
                new("REGISTRATION_CERT", "注册证核验", "Registration certificate check"),
                new("DEPARTMENT_HEAD", "科室主任沟通", "Department head contact"),
                new("EQUIPMENT_COMMITTEE", "设备科论证", "Equipment committee review"),
                new("HOSPITAL_TENDER", "医院招标", "Hospital tender"),
            ],
            new("MD_HOSPITAL", "医院采购流程", "Hospital procurement", [
                new("DEPARTMENT_NEED", "科室需求", "Department need", 10),
                new("CLINICAL_TRIAL", "临床试用", "Clinical trial", 30),
                new("CLINICAL_EVAL_PASSED", "临床评估通过", "Clinical evaluation passed", 50, new(["REQUIREMENT_CONFIRMATION"], [OpportunityGateField.Contact])),
                new("TENDER", "招标采购", "Tender", 70, new(["QUOTATION"], [OpportunityGateField.Amount])),
                new("CONTRACT_SIGNED", "合同签订", "Contract signed", 90, new(["CONTRACT"], [OpportunityGateField.Amount, OpportunityGateField.ExpectedCloseDate])),
                new("INSTALL_ACCEPTANCE", "装机验收", "Installation acceptance", 100),
            ]),
            [
                new(ProcessMetric.FollowUpRate, "3日跟进完成率", 0.85),
                new(ProcessMetric.StageDwell, "商机阶段停留时长（天）", 30),
            ],
            [
                LeadNotAnswered("MEDICAL_DEVICES.LEAD_RESPONSE_30", "医疗器械线索 30 分钟未响应 → 升级", Industry.MedicalDevices),
                SignOffReminder("MEDICAL_DEVICES.CLINICAL_EVAL_PASSED", "临床评估通过 → 提醒负责人推动签约", "CLINICAL_EVAL_PASSED", "临床评估已通过：请推动「{record.name}」进入招标与签约"),
                new("MEDICAL_DEVICES.QUOTATION_APPROVED", new RuleDraft(
                    "报价审批通过 → 24 小时内送达正式报价", RuleTriggerKind.Event, "approval.completed", null, 0,
                    "event.policyCode == 'QUOTATION_REVIEW' and event.outcome == 'APPROVED'",
                    [new RuleAction(RuleActionKind.CreateTask, RuleRecipient.Owner, Message: "报价已批准：24 小时内把「{record.name}」的正式报价送达设备科", DueInMinutes: 24 * 60)],
                    AutomationRule.DefaultMaxDepth),
                    "报价审批（QUOTATION_REVIEW）通过时，给负责人建一个 24 小时内完成的任务"),
                AcceptanceAward("MEDICAL_DEVICES.INSTALL_ACCEPTANCE_AWARD", "装机验收 → 负责人奖励积分", "INSTALL_ACCEPTANCE"),
            ]),
        new(
            "INDUSTRIAL_AUTOMATION", "工业自动化", Industry.IndustrialAutomation,
            "产线与设备自动化项目：工艺调研 → 方案设计 → 技术协议签署 → 商务谈判 → 合同 → 出厂/现场验收；演示与技术协议推动成交。",
            [
                new("PROCESS_STUDY", "工艺调研", "Process study"),
                new("PLC_COMPATIBILITY", "PLC 兼容性", "PLC compatibility"),
                new("LINE_DEMO", "产线演示", "Line demo"),
                new("ROI_ESTIMATE", "投资回报测算", "ROI estimate"),
            ],
            new("IA_PROJECT", "自动化项目流程", "Automation project", [
                new("PROCESS_SURVEY", "工艺调研", "Process survey", 10),
                new("SOLUTION_DESIGN", "方案设计", "Solution design", 30),
                new("TECH_AGREEMENT_SIGNED", "技术协议签署", "Technical agreement signed", 50,
                    new(["REQUIREMENT_CONFIRMATION", "SOLUTION_PROPOSAL"], [OpportunityGateField.Contact])),
                new("NEGOTIATION", "商务谈判", "Negotiation", 70, new(["QUOTATION"], [OpportunityGateField.Amount])),
                new("CONTRACT_SIGNED", "合同签订", "Contract signed", 90, new(["CONTRACT"], [OpportunityGateField.ExpectedCloseDate])),
                new("FAT_SAT", "出厂 / 现场验收", "FAT / SAT", 100),
            ]),
            [
                new(ProcessMetric.AssignmentRate, "30分钟分配率", 0.98),
                new(ProcessMetric.VideoDemoFrequency, "视频演示频次（每人每周）", 2),
            ],
            [
                LeadNotAnswered("INDUSTRIAL_AUTOMATION.LEAD_RESPONSE_30", "工业自动化线索 30 分钟未响应 → 升级", Industry.IndustrialAutomation),
                SignOffReminder("INDUSTRIAL_AUTOMATION.TECH_AGREEMENT_SIGNED", "技术协议签署 → 提醒负责人推动签约", "TECH_AGREEMENT_SIGNED", "技术协议已签署：请推动「{record.name}」商务签约"),
                ProposalViews("INDUSTRIAL_AUTOMATION.PROPOSAL_VIEWED_3", "方案建议书 7 天内被看 3 次 → 提醒回访（自动化）"),
                AcceptanceAward("INDUSTRIAL_AUTOMATION.FAT_SAT_AWARD", "出厂/现场验收 → 负责人奖励积分", "FAT_SAT"),
            ]),
    ];

    public static ProcessTemplate? Find(string code) => Templates.FirstOrDefault(t => t.Code == code.Trim().ToUpperInvariant());

    /// <summary>"A new lead not answered in 30 working minutes → escalate", for the template's industry only.</summary>
    private static TemplateRule LeadNotAnswered(string key, string name, Industry industry)
    {
        var code = industry switch
        {
            Industry.NewEnergy => "NEW_ENERGY",
            Industry.MedicalDevices => "MEDICAL_DEVICES",
            _ => "INDUSTRIAL_AUTOMATION",
        };
        return new(key, new RuleDraft(
            name, RuleTriggerKind.Delayed, "lead.assigned", "lead.first-response-recorded", 30,
            $"not event.reassigned and record.industry == '{code}'",
            [new RuleAction(RuleActionKind.Escalate, Message: "线索「{record.name}」分配后 30 个工作分钟内未响应")],
            AutomationRule.DefaultMaxDepth),
            "新线索分配后 30 个工作分钟（负责人团队日历）内没有首次响应 → 升级给上级");
    }

    /// <summary>"A technical proposal is signed → remind the owner to push for signature", on the template pipeline's sign-off stage.</summary>
    private static TemplateRule SignOffReminder(string key, string name, string stageCode, string message) => new(key, new RuleDraft(
        name, RuleTriggerKind.Event, "opportunity.stage-changed", null, 0,
        $"event.toStage == '{stageCode}'",
        [new RuleAction(RuleActionKind.NotifyMember, RuleRecipient.Owner, Message: message)],
        AutomationRule.DefaultMaxDepth),
        $"商机进入 {stageCode} 时提醒负责人推动签约");

    public const int AcceptancePoints = 200;

    /// <summary>
    /// The project passed its final acceptance (the stage that gates the last payment in these industries) → contribution
    /// points for the owner. On the template pipeline's own last stage, so two installed templates never both pay.
    /// </summary>
    private static TemplateRule AcceptanceAward(string key, string name, string stageCode) => new(key, new RuleDraft(
        name, RuleTriggerKind.Event, "opportunity.stage-changed", null, 0,
        $"event.toStage == '{stageCode}'",
        [new RuleAction(RuleActionKind.Award, RuleRecipient.Owner, Points: AcceptancePoints)],
        AutomationRule.DefaultMaxDepth),
        $"商机进入 {stageCode}（最终验收）时给负责人 {AcceptancePoints} 贡献积分");

    /// <summary>"A customer viewed the solution proposal 3 times within 7 days → the owner calls back" (the counting trigger).</summary>
    private static TemplateRule ProposalViews(string key, string name) => new(key, new RuleDraft(
        name, RuleTriggerKind.Event, "document.viewed", null, 0,
        "event.kindCode == 'SOLUTION_PROPOSAL'",
        [new RuleAction(RuleActionKind.NotifyMember, RuleRecipient.Owner, Message: "客户联系人「{record.name}」7 天内第 3 次查看方案建议书，请及时回访")],
        AutomationRule.DefaultMaxDepth,
        new RuleCount(3, WeekMinutes)),
        "客户联系人 7 天内第 3 次打开分享的方案建议书时提醒负责人回访");
}
