#include "tpmtcti.h"

#include "tpmerror.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString tctiSourceName(TctiChoice::Source source)
{
    switch (source) {
    case TctiChoice::Source::Explicit:
        return u"explicit"_s;
    case TctiChoice::Source::Environment:
        return u"TSS2_TCTI"_s;
    case TctiChoice::Source::Default:
        break;
    }
    return u"default"_s;
}

TctiChoice TpmTcti::resolve(const TctiOptions &options)
{
    TctiChoice choice;
    if (!options.explicitTcti.trimmed().isEmpty()) {
        choice.source = TctiChoice::Source::Explicit;
        choice.candidates = { options.explicitTcti.trimmed() };
        return choice;
    }
    if (options.useEnvironment) {
        const QString fromEnvironment = qEnvironmentVariable("TSS2_TCTI").trimmed();
        if (!fromEnvironment.isEmpty()) {
            choice.source = TctiChoice::Source::Environment;
            choice.candidates = { fromEnvironment };
            return choice;
        }
    }
    choice.source = TctiChoice::Source::Default;
    for (const QString &device : options.defaultDevices)
        choice.candidates << u"device:"_s + device;
    return choice;
}

QString TpmTcti::devicePath(const QString &tcti)
{
    if (tcti == "device"_L1)
        return u"/dev/tpm0"_s;
    if (!tcti.startsWith("device:"_L1))
        return {};
    const QString path = tcti.mid(7);
    return path.isEmpty() ? u"/dev/tpm0"_s : path;
}

Error TpmTcti::deviceError(const QString &path, int errnoValue)
{
    const QString detail = u"%1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(errnoValue)));
    if (errnoValue == ENOENT || errnoValue == ENODEV || errnoValue == ENXIO) {
        return tpmLocalError(
            TpmCodeNoDevice, u"No TPM was found (%1 does not exist)."_s.arg(path),
            u"Enable the TPM (fTPM, PTT or a discrete TPM) in the firmware setup and check that "
            u"the kernel loaded its driver (tpm_tis or tpm_crb). Without a TPM, keys are kept "
            u"in software."_s,
            detail);
    }
    if (errnoValue == EACCES || errnoValue == EPERM) {
        return tpmLocalError(
            TpmCodePermissionDenied,
            u"The TPM device %1 exists, but this user is not allowed to open it."_s.arg(path),
            u"Add the user to the tss group (sudo usermod -aG tss $USER, then log in again) and "
            u"make sure a udev rule gives that group access to /dev/tpmrm0 (tpm-udev.rules "
            u"from tpm2-tss)."_s,
            detail);
    }
    if (errnoValue == EBUSY) {
        return tpmLocalError(TpmCodeUnreachable,
                             u"The TPM device %1 is in use by another program."_s.arg(path),
                             u"Use the resource manager /dev/tpmrm0 instead of /dev/tpm0, or stop "
                             u"the program holding the device."_s,
                             detail);
    }
    return tpmLocalError(TpmCodeUnreachable, u"The TPM device %1 could not be opened."_s.arg(path),
                         u"Check that the device works (dmesg | grep -i tpm)."_s, detail);
}

Status TpmTcti::checkDevice(const QString &path, const QString &sysfsTpmDir)
{
    const QByteArray native = QFile::encodeName(path);
    if (::access(native.constData(), F_OK) != 0)
        return deviceError(path, errno);

    // The kernel tells the TPM family of tpmN (and of its resource manager tpmrmN).
    QString name = QFileInfo(path).fileName();
    if (name.startsWith("tpmrm"_L1))
        name = u"tpm"_s + name.mid(5);
    QFile version(sysfsTpmDir + u'/' + name + u"/tpm_version_major"_s);
    if (version.open(QIODevice::ReadOnly) && version.readAll().trimmed() == "1") {
        return tpmLocalError(
            TpmCodeTpm12Only,
            u"This computer has a TPM 1.2; device registration needs a TPM 2.0."_s,
            u"If the firmware offers it, switch the TPM to 2.0 mode in the firmware "
            u"setup (this clears it). Otherwise keys are kept in software."_s,
            u"%1 reports tpm_version_major 1"_s.arg(version.fileName()));
    }

    if (::access(native.constData(), R_OK | W_OK) != 0)
        return deviceError(path, errno);
    return Success {};
}

} // namespace Entra
