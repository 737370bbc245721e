#include "tpmreport.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

QString yesNo(bool value)
{
    return value ? u"True"_s : u"False"_s;
}

TpmReadinessReason reasonFromConnectionError(const Error &error)
{
    TpmReadinessReason reason;
    switch (tpmErrorKind(error)) {
    case TpmErrorKind::NoDevice:
        reason.issue = TpmReadinessIssue::NoDevice;
        break;
    case TpmErrorKind::PermissionDenied:
        reason.issue = TpmReadinessIssue::PermissionDenied;
        break;
    case TpmErrorKind::Tpm12Only:
        reason.issue = TpmReadinessIssue::Tpm12Only;
        break;
    default:
        reason.issue = TpmReadinessIssue::TctiUnreachable;
        break;
    }
    reason.message = error.message;
    reason.fix = error.fix;
    reason.detail = error.detail;
    return reason;
}

} // namespace

QString tpmReadinessIssueName(TpmReadinessIssue issue)
{
    switch (issue) {
    case TpmReadinessIssue::NoDevice:
        return u"NoDevice"_s;
    case TpmReadinessIssue::PermissionDenied:
        return u"PermissionDenied"_s;
    case TpmReadinessIssue::Tpm12Only:
        return u"Tpm12Only"_s;
    case TpmReadinessIssue::TctiUnreachable:
        return u"TctiUnreachable"_s;
    case TpmReadinessIssue::LockedOut:
        return u"LockedOut"_s;
    case TpmReadinessIssue::MissingAlgorithm:
        return u"MissingAlgorithm"_s;
    case TpmReadinessIssue::HierarchyDisabled:
        return u"HierarchyDisabled"_s;
    case TpmReadinessIssue::StoragePrimaryFailed:
        return u"StoragePrimaryFailed"_s;
    }
    return u"Unknown"_s;
}

QString TpmReport::manufacturerVersion() const
{
    if (!responding)
        return {};
    return u"%1.%2.%3.%4"_s.arg(firmwareVersion1 >> 16)
        .arg(firmwareVersion1 & 0xFFFF)
        .arg(firmwareVersion2 >> 16)
        .arg(firmwareVersion2 & 0xFFFF);
}

QString TpmReport::specRevisionText() const
{
    if (!responding)
        return {};
    return u"%1.%2"_s.arg(specRevision / 100).arg(specRevision % 100, 2, 10, QLatin1Char('0'));
}

QStringList TpmReport::missingAlgorithms() const
{
    QStringList missing;
    for (const TpmAlgorithmSupport &algorithm : algorithms) {
        if (!algorithm.supported)
            missing << algorithm.name;
    }
    return missing;
}

void TpmReport::evaluateReadiness()
{
    reasons.clear();
    if (connectionError) {
        reasons << reasonFromConnectionError(*connectionError);
        return;
    }
    if (!responding) {
        reasons << TpmReadinessReason { TpmReadinessIssue::TctiUnreachable,
                                        u"The TPM did not answer."_s,
                                        u"Check the TCTI (--tcti or TSS2_TCTI)."_s,
                                        {} };
        return;
    }
    if (specFamily != "2.0"_L1) {
        reasons << TpmReadinessReason {
            TpmReadinessIssue::Tpm12Only,
            u"The TPM reports family \"%1\"; device registration needs a TPM 2.0."_s.arg(
                specFamily),
            u"If the firmware offers it, switch the TPM to 2.0 mode in the firmware setup. "
            u"Otherwise keys are kept in software."_s,
            {}
        };
    }
    if (da.inLockout) {
        TpmReadinessReason reason;
        reason.issue = TpmReadinessIssue::LockedOut;
        reason.message
            = u"The TPM is locked out after %1 failed PIN attempts (dictionary-attack "
              u"protection); it refuses every key that needs a PIN."_s.arg(da.failedTries);
        if (da.recoverySeconds > 0) {
            reason.fix = u"It accepts PINs again within %1, when it forgets one failed attempt "
                         u"(then one more every %1). To end it now, reset the lockout with the "
                         u"lockout password (tpm2_dictionarylockout --clear-lockout)."_s.arg(
                             formatTpmDuration(da.recoverySeconds));
        } else {
            reason.fix = u"It stays locked until the lockout is reset with the lockout password "
                         u"(tpm2_dictionarylockout --clear-lockout)."_s;
        }
        reason.detail = u"LockoutCount %1, LockoutMax %2, LockoutInterval %3 s, "
                        u"LockoutRecovery %4 s"_s.arg(da.failedTries)
                            .arg(da.maxTries)
                            .arg(da.recoverySeconds)
                            .arg(da.lockoutRecoverySeconds);
        reasons << reason;
    }
    if (const QStringList missing = missingAlgorithms(); !missing.isEmpty()) {
        reasons << TpmReadinessReason {
            TpmReadinessIssue::MissingAlgorithm,
            u"The TPM lacks what device registration needs: %1."_s.arg(missing.join(u", "_s)),
            u"Update the TPM firmware (check the vendor's site), or use software keys."_s,
            {}
        };
    }
    if (!storageHierarchyEnabled) {
        reasons << TpmReadinessReason {
            TpmReadinessIssue::HierarchyDisabled,
            u"The TPM's storage (owner) hierarchy is disabled."_s,
            u"Enable the TPM's storage hierarchy in the firmware setup."_s,
            {}
        };
    } else if (!storagePrimaryCreated) {
        TpmReadinessReason reason;
        reason.issue = TpmReadinessIssue::StoragePrimaryFailed;
        reason.message = u"The TPM could not create a storage key for our keys."_s;
        if (storagePrimaryError) {
            reason.message += u' ' + storagePrimaryError->message;
            reason.fix = storagePrimaryError->fix;
            reason.detail = storagePrimaryError->detail;
        }
        reasons << reason;
    }
}

QJsonObject TpmReport::toJson() const
{
    QJsonObject json;
    // Get-Tpm's names.
    json.insert(u"TpmPresent"_s, devicePresent);
    json.insert(u"TpmReady"_s, ready());
    json.insert(u"TpmEnabled"_s, responding && storageHierarchyEnabled);
    json.insert(u"TpmActivated"_s, responding && endorsementHierarchyEnabled);
    json.insert(u"TpmOwned"_s, responding && storagePrimaryCreated);
    json.insert(u"ManufacturerId"_s, qint64(manufacturerId));
    json.insert(u"ManufacturerIdTxt"_s, manufacturerIdTxt);
    json.insert(u"ManufacturerVersion"_s, manufacturerVersion());
    json.insert(u"ManufacturerVersionFull20"_s, manufacturerVersion());
    json.insert(u"LockedOut"_s, da.inLockout);
    json.insert(u"LockoutHealTime"_s,
                responding ? formatTpmDuration(da.recoverySeconds) : QString());
    json.insert(u"LockoutCount"_s, qint64(da.failedTries));
    json.insert(u"LockoutMax"_s, qint64(da.maxTries));

    // What a TPM 2.0 adds.
    json.insert(u"Tcti"_s, tcti);
    json.insert(u"TctiSource"_s, tctiSource);
    json.insert(u"TpmResponding"_s, responding);
    json.insert(u"VendorString"_s, vendorString);
    json.insert(u"VendorTpmType"_s, qint64(vendorTpmType));
    json.insert(u"FirmwareVersion1"_s, qint64(firmwareVersion1));
    json.insert(u"FirmwareVersion2"_s, qint64(firmwareVersion2));
    json.insert(u"SpecFamily"_s, specFamily);
    json.insert(u"SpecLevel"_s, qint64(specLevel));
    json.insert(u"SpecRevision"_s, specRevisionText());
    json.insert(u"SpecYear"_s, qint64(specYear));
    json.insert(u"SpecDayOfYear"_s, qint64(specDayOfYear));
    json.insert(u"OwnerAuthSet"_s, ownerAuthSet);
    json.insert(u"EndorsementAuthSet"_s, endorsementAuthSet);
    json.insert(u"LockoutAuthSet"_s, lockoutAuthSet);
    json.insert(u"PlatformHierarchyEnabled"_s, platformHierarchyEnabled);
    json.insert(u"StorageHierarchyEnabled"_s, storageHierarchyEnabled);
    json.insert(u"EndorsementHierarchyEnabled"_s, endorsementHierarchyEnabled);
    json.insert(u"LockoutIntervalSeconds"_s, qint64(da.recoverySeconds));
    json.insert(u"LockoutRecoverySeconds"_s, qint64(da.lockoutRecoverySeconds));
    QJsonObject algorithmJson;
    for (const TpmAlgorithmSupport &algorithm : algorithms)
        algorithmJson.insert(algorithm.name, algorithm.supported);
    json.insert(u"Algorithms"_s, algorithmJson);
    json.insert(u"MissingAlgorithms"_s, QJsonArray::fromStringList(missingAlgorithms()));
    json.insert(u"PcrBanks"_s, QJsonArray::fromStringList(pcrBanks));
    json.insert(u"StoragePrimary"_s, storagePrimaryCreated);
    if (connectionError)
        json.insert(u"ConnectionError"_s, connectionError->message);
    if (storagePrimaryError)
        json.insert(u"StoragePrimaryError"_s, storagePrimaryError->message);

    QJsonArray reasonJson;
    for (const TpmReadinessReason &reason : reasons) {
        reasonJson.append(QJsonObject {
            { u"Id"_s, tpmReadinessIssueName(reason.issue) },
            { u"Message"_s, reason.message },
            { u"Fix"_s, reason.fix },
            { u"Detail"_s, reason.detail },
        });
    }
    json.insert(u"Readiness"_s, ready() ? u"Ready"_s : u"NotReady"_s);
    json.insert(u"ReadinessReasons"_s, reasonJson);
    return json;
}

QList<std::pair<QString, QString>> TpmReport::properties() const
{
    QList<std::pair<QString, QString>> rows;
    rows << std::pair { u"TpmPresent"_s, yesNo(devicePresent) }
         << std::pair { u"TpmReady"_s, yesNo(ready()) }
         << std::pair { u"TpmEnabled"_s, yesNo(responding && storageHierarchyEnabled) }
         << std::pair { u"TpmActivated"_s, yesNo(responding && endorsementHierarchyEnabled) }
         << std::pair { u"TpmOwned"_s, yesNo(responding && storagePrimaryCreated) }
         << std::pair { u"ManufacturerId"_s, QString::number(manufacturerId) }
         << std::pair { u"ManufacturerIdTxt"_s, manufacturerIdTxt }
         << std::pair { u"ManufacturerVersion"_s, manufacturerVersion() }
         << std::pair { u"LockedOut"_s, yesNo(da.inLockout) }
         << std::pair { u"LockoutHealTime"_s,
                        responding ? formatTpmDuration(da.recoverySeconds) : QString() }
         << std::pair { u"LockoutCount"_s, QString::number(da.failedTries) }
         << std::pair { u"LockoutMax"_s, QString::number(da.maxTries) }
         << std::pair { u"LockoutRecovery"_s,
                        responding ? formatTpmDuration(da.lockoutRecoverySeconds) : QString() }
         << std::pair { u"Tcti"_s, tcti } << std::pair { u"TctiSource"_s, tctiSource }
         << std::pair { u"VendorString"_s, vendorString }
         << std::pair { u"SpecFamily"_s, specFamily }
         << std::pair { u"SpecLevel"_s, responding ? QString::number(specLevel) : QString() }
         << std::pair { u"SpecRevision"_s, specRevisionText() }
         << std::pair { u"OwnerAuthSet"_s, yesNo(ownerAuthSet) }
         << std::pair { u"EndorsementAuthSet"_s, yesNo(endorsementAuthSet) }
         << std::pair { u"LockoutAuthSet"_s, yesNo(lockoutAuthSet) }
         << std::pair { u"StorageHierarchyEnabled"_s, yesNo(storageHierarchyEnabled) }
         << std::pair { u"EndorsementHierarchyEnabled"_s, yesNo(endorsementHierarchyEnabled) };
    for (const TpmAlgorithmSupport &algorithm : algorithms)
        rows << std::pair { algorithm.name, yesNo(algorithm.supported) };
    rows << std::pair { u"PcrBanks"_s, pcrBanks.join(u", "_s) }
         << std::pair { u"StoragePrimary"_s, yesNo(storagePrimaryCreated) };
    return rows;
}

namespace {

std::optional<TpmReadinessIssue> readinessIssueFromName(QStringView name)
{
    for (TpmReadinessIssue issue :
         { TpmReadinessIssue::NoDevice, TpmReadinessIssue::PermissionDenied,
           TpmReadinessIssue::Tpm12Only, TpmReadinessIssue::TctiUnreachable,
           TpmReadinessIssue::LockedOut, TpmReadinessIssue::MissingAlgorithm,
           TpmReadinessIssue::HierarchyDisabled, TpmReadinessIssue::StoragePrimaryFailed }) {
        if (tpmReadinessIssueName(issue) == name)
            return issue;
    }
    return std::nullopt;
}

quint32 unsignedValue(const QJsonObject &json, const QString &key)
{
    return quint32(qBound<qint64>(0, json.value(key).toInteger(), 0xFFFFFFFF));
}

} // namespace

Result<TpmReport> TpmReport::fromJson(const QByteArray &bytes)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (!document.isObject())
        return Error {
            ErrorDomain::Parse,
            0,
            u"The TPM report is not a JSON object%1."_s.arg(
                parseError.error == QJsonParseError::NoError
                    ? QString()
                    : u" (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset)),
            u"The bundle's tpm.json is damaged; ask for a new bundle."_s,
            {}
        };
    const QJsonObject json = document.object();
    TpmReport report;
    report.tcti = json.value(u"Tcti"_s).toString();
    report.tctiSource = json.value(u"TctiSource"_s).toString();
    report.devicePresent = json.value(u"TpmPresent"_s).toBool();
    report.responding = json.value(u"TpmResponding"_s).toBool();
    if (const QString message = json.value(u"ConnectionError"_s).toString(); !message.isEmpty())
        report.connectionError = Error { ErrorDomain::Tpm, 0, message, {}, {} };
    report.manufacturerId = unsignedValue(json, u"ManufacturerId"_s);
    report.manufacturerIdTxt = json.value(u"ManufacturerIdTxt"_s).toString();
    report.vendorString = json.value(u"VendorString"_s).toString();
    report.vendorTpmType = unsignedValue(json, u"VendorTpmType"_s);
    report.firmwareVersion1 = unsignedValue(json, u"FirmwareVersion1"_s);
    report.firmwareVersion2 = unsignedValue(json, u"FirmwareVersion2"_s);
    report.specFamily = json.value(u"SpecFamily"_s).toString();
    report.specLevel = unsignedValue(json, u"SpecLevel"_s);
    // "1.64" back to 164.
    const QStringList revision = json.value(u"SpecRevision"_s).toString().split(u'.');
    if (revision.size() == 2)
        report.specRevision = revision.at(0).toUInt() * 100 + revision.at(1).toUInt();
    report.specYear = unsignedValue(json, u"SpecYear"_s);
    report.specDayOfYear = unsignedValue(json, u"SpecDayOfYear"_s);
    report.ownerAuthSet = json.value(u"OwnerAuthSet"_s).toBool();
    report.endorsementAuthSet = json.value(u"EndorsementAuthSet"_s).toBool();
    report.lockoutAuthSet = json.value(u"LockoutAuthSet"_s).toBool();
    report.platformHierarchyEnabled = json.value(u"PlatformHierarchyEnabled"_s).toBool();
    report.storageHierarchyEnabled = json.value(u"StorageHierarchyEnabled"_s).toBool();
    report.endorsementHierarchyEnabled = json.value(u"EndorsementHierarchyEnabled"_s).toBool();
    report.da.inLockout = json.value(u"LockedOut"_s).toBool();
    report.da.failedTries = unsignedValue(json, u"LockoutCount"_s);
    report.da.maxTries = unsignedValue(json, u"LockoutMax"_s);
    report.da.recoverySeconds = unsignedValue(json, u"LockoutIntervalSeconds"_s);
    report.da.lockoutRecoverySeconds = unsignedValue(json, u"LockoutRecoverySeconds"_s);
    const QJsonObject algorithms = json.value(u"Algorithms"_s).toObject();
    for (auto it = algorithms.begin(); it != algorithms.end(); ++it)
        report.algorithms.append({ it.key(), it.value().toBool() });
    for (const QJsonValue &bank : json.value(u"PcrBanks"_s).toArray())
        report.pcrBanks.append(bank.toString());
    report.storagePrimaryCreated = json.value(u"StoragePrimary"_s).toBool();
    if (const QString message = json.value(u"StoragePrimaryError"_s).toString(); !message.isEmpty())
        report.storagePrimaryError = Error { ErrorDomain::Tpm, 0, message, {}, {} };
    // The reasons as the original machine worded them, not re-evaluated here.
    for (const QJsonValue &value : json.value(u"ReadinessReasons"_s).toArray()) {
        const QJsonObject reason = value.toObject();
        report.reasons.append({ readinessIssueFromName(reason.value(u"Id"_s).toString())
                                    .value_or(TpmReadinessIssue::TctiUnreachable),
                                reason.value(u"Message"_s).toString(),
                                reason.value(u"Fix"_s).toString(),
                                reason.value(u"Detail"_s).toString() });
    }
    return report;
}

} // namespace Entra
