#pragma once

#include "common/result.h"
#include "tpmerror.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace Entra {

// Why the TPM cannot be used for keys. Each comes with a plain message and a fix.
enum class TpmReadinessIssue {
    NoDevice,
    PermissionDenied,
    Tpm12Only,
    TctiUnreachable,
    LockedOut,
    MissingAlgorithm,
    HierarchyDisabled,
    StoragePrimaryFailed,
};

QString tpmReadinessIssueName(TpmReadinessIssue issue);

struct TpmReadinessReason
{
    TpmReadinessIssue issue = TpmReadinessIssue::TctiUnreachable;
    QString message;
    QString fix;
    QString detail;
};

// One algorithm registration needs, and whether this TPM has it.
struct TpmAlgorithmSupport
{
    QString name; // "RSA-2048", "SHA-256", "RSASSA", "RSA-OAEP", "RSAPSS", "ECC P-256"
    bool supported = false;
};

// What TpmProbe found: a value, so it can be shown, serialised, put in a bundle and compared.
struct TpmReport
{
    // Connection
    QString tcti;
    QString tctiSource; // "explicit", "TSS2_TCTI", "default"
    std::optional<Error> connectionError; // set when no TPM 2.0 could be talked to
    bool devicePresent = false; // a TPM exists (even if we may not use it)
    bool responding = false; // a TPM 2.0 answered our commands

    // Identity
    quint32 manufacturerId = 0; // TPM_PT_MANUFACTURER, e.g. 0x49424D00 "IBM"
    QString manufacturerIdTxt;
    QString vendorString; // TPM_PT_VENDOR_STRING_1..4
    quint32 vendorTpmType = 0;
    quint32 firmwareVersion1 = 0;
    quint32 firmwareVersion2 = 0;
    QString specFamily; // "2.0"
    quint32 specLevel = 0;
    quint32 specRevision = 0; // e.g. 164 for 1.64
    quint32 specYear = 0;
    quint32 specDayOfYear = 0;

    // Hierarchies
    bool ownerAuthSet = false;
    bool endorsementAuthSet = false;
    bool lockoutAuthSet = false;
    bool platformHierarchyEnabled = false;
    bool storageHierarchyEnabled = false;
    bool endorsementHierarchyEnabled = false;

    // Dictionary-attack protection
    TpmDaState da;

    // What registration needs
    QList<TpmAlgorithmSupport> algorithms;
    QStringList pcrBanks; // "sha1", "sha256", ...
    bool storagePrimaryCreated = false;
    std::optional<Error> storagePrimaryError;

    // The verdict (filled by evaluateReadiness()).
    QList<TpmReadinessReason> reasons;

    bool ready() const { return responding && reasons.isEmpty(); }
    // "major.minor.build.revision" from the two firmware words, as Get-Tpm prints it.
    QString manufacturerVersion() const;
    QString specRevisionText() const; // "1.64"
    QStringList missingAlgorithms() const;

    // Computes `reasons` from the other fields.
    void evaluateReadiness();

    // Get-Tpm's property names where it has one, plus what a TPM 2.0 adds.
    QJsonObject toJson() const;
    // Reads toJson()'s output back (a support bundle's tpm.json). Keys it does not know are
    // ignored and missing ones keep their defaults; only a non-object is refused.
    static Result<TpmReport> fromJson(const QByteArray &json);
    // Ordered (name, value) pairs of the same properties, for a table.
    QList<std::pair<QString, QString>> properties() const;
};

} // namespace Entra
