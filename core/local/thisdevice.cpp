#include "thisdevice.h"

#include "state/sectioncatalog.h"
#include "state/sections.h"

#include <QSysInfo>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

StatusSnapshot ThisDeviceStatus::collect()
{
    StatusSnapshot snapshot;
    snapshot.origin.kind = SourceKind::ThisDevice;
    snapshot.origin.layout = StatusLayout::Structured;
    snapshot.origin.label = u"This device"_s;
    snapshot.origin.loadedAt = QDateTime::currentDateTimeUtc();

    DeviceState device;
    device.azureAdJoined = false;
    device.enterpriseJoined = false;
    device.domainJoined = false;
    device.deviceName = QSysInfo::machineHostName();
    snapshot.appendSection(writeSection(device));

    UserState user;
    user.ngcSet = false;
    user.workplaceJoined = false;
    snapshot.appendSection(writeSection(user));

    SsoState sso;
    sso.azureAdPrt = false;
    snapshot.appendSection(writeSection(sso));

    snapshot.appendSection(StatusSection{
        SectionCatalog::kHostDetails.toString(),
        {
            {u"OS Name"_s, QSysInfo::prettyProductName()},
            {u"OS Version"_s, QSysInfo::productVersion()},
            {u"Kernel Version"_s, QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion()},
            {u"CPU Architecture"_s, QSysInfo::currentCpuArchitecture()},
        }});
    return snapshot;
}

} // namespace Entra
