#include "jointype.h"

#include "sections.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString joinTypeTitle(JoinType type)
{
    switch (type) {
    case JoinType::EntraJoined:
        return u"Microsoft Entra joined"_s;
    case JoinType::HybridJoined:
        return u"Microsoft Entra hybrid joined"_s;
    case JoinType::EntraRegistered:
        return u"Microsoft Entra registered"_s;
    case JoinType::DomainJoinedOnly:
        return u"Domain joined only (not hybrid joined)"_s;
    case JoinType::OnPremDrsJoined:
        return u"Joined to an on-premises DRS"_s;
    case JoinType::NotJoined:
        return u"Not joined or registered"_s;
    case JoinType::Unknown:
        break;
    }
    return u"Join state unknown"_s;
}

static QString yesNo(const Opt<bool> &value)
{
    return value ? StatusValue::formatYesNo(*value) : u"missing"_s;
}

JoinAssessment assessJoin(const StatusSnapshot &snapshot)
{
    const auto device = readSection<DeviceState>(snapshot);
    const auto user = readSection<UserState>(snapshot);
    const bool anyWorkAccount = !snapshot.sectionsStartingWith(WorkAccount::kTitle).isEmpty();
    const bool registered = user.workplaceJoined.value_or(false) || anyWorkAccount;

    JoinAssessment result;
    result.explanation = u"AzureAdJoined %1, EnterpriseJoined %2, DomainJoined %3, WorkplaceJoined %4"_s
                             .arg(yesNo(device.azureAdJoined), yesNo(device.enterpriseJoined),
                                  yesNo(device.domainJoined), yesNo(user.workplaceJoined));

    const bool aadj = device.azureAdJoined.value_or(false);
    const bool domain = device.domainJoined.value_or(false);
    const bool enterprise = device.enterpriseJoined.value_or(false);

    if (!device.azureAdJoined && !device.domainJoined && !device.enterpriseJoined)
        result.type = registered ? JoinType::EntraRegistered : JoinType::Unknown;
    else if (aadj && domain)
        result.type = JoinType::HybridJoined;
    else if (aadj)
        result.type = JoinType::EntraJoined;
    else if (enterprise)
        result.type = JoinType::OnPremDrsJoined;
    else if (domain)
        result.type = JoinType::DomainJoinedOnly;
    else
        result.type = registered ? JoinType::EntraRegistered : JoinType::NotJoined;

    result.dualState = result.type == JoinType::HybridJoined && registered;
    result.title = joinTypeTitle(result.type);
    if (result.dualState)
        result.title += u" (and Entra registered: dual state)"_s;
    return result;
}

} // namespace Entra
