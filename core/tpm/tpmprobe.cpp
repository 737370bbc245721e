#include "tpmprobe.h"

#include "tpmconnection.h"
#include "tpmworker.h"

#include <tss2/tss2_tpm2_types.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

// Four big-endian ASCII characters, as TPM_PT_MANUFACTURER and the vendor strings carry them.
QString fourChars(quint32 value)
{
    QString text;
    for (int shift = 24; shift >= 0; shift -= 8) {
        const char c = char((value >> shift) & 0xFF);
        if (c >= 0x20 && c < 0x7F)
            text += QLatin1Char(c);
    }
    return text;
}

QString hashName(std::uint16_t alg)
{
    switch (alg) {
    case TPM2_ALG_SHA1:
        return u"sha1"_s;
    case TPM2_ALG_SHA256:
        return u"sha256"_s;
    case TPM2_ALG_SHA384:
        return u"sha384"_s;
    case TPM2_ALG_SHA512:
        return u"sha512"_s;
    case TPM2_ALG_SM3_256:
        return u"sm3_256"_s;
    case TPM2_ALG_SHA3_256:
        return u"sha3_256"_s;
    case TPM2_ALG_SHA3_384:
        return u"sha3_384"_s;
    case TPM2_ALG_SHA3_512:
        return u"sha3_512"_s;
    default:
        return u"0x%1"_s.arg(alg, 4, 16, QLatin1Char('0'));
    }
}

void fillFromProperties(TpmReport &report, const QMap<std::uint32_t, std::uint32_t> &p)
{
    report.specFamily = fourChars(p.value(TPM2_PT_FAMILY_INDICATOR));
    report.specLevel = p.value(TPM2_PT_LEVEL);
    report.specRevision = p.value(TPM2_PT_REVISION);
    report.specDayOfYear = p.value(TPM2_PT_DAY_OF_YEAR);
    report.specYear = p.value(TPM2_PT_YEAR);
    report.manufacturerId = p.value(TPM2_PT_MANUFACTURER);
    report.manufacturerIdTxt = fourChars(report.manufacturerId);
    QString vendor;
    for (std::uint32_t pt = TPM2_PT_VENDOR_STRING_1; pt <= TPM2_PT_VENDOR_STRING_4; ++pt)
        vendor += fourChars(p.value(pt));
    report.vendorString = vendor.simplified();
    report.vendorTpmType = p.value(TPM2_PT_VENDOR_TPM_TYPE);
    report.firmwareVersion1 = p.value(TPM2_PT_FIRMWARE_VERSION_1);
    report.firmwareVersion2 = p.value(TPM2_PT_FIRMWARE_VERSION_2);

    const std::uint32_t permanent = p.value(TPM2_PT_PERMANENT);
    report.ownerAuthSet = permanent & TPMA_PERMANENT_OWNERAUTHSET;
    report.endorsementAuthSet = permanent & TPMA_PERMANENT_ENDORSEMENTAUTHSET;
    report.lockoutAuthSet = permanent & TPMA_PERMANENT_LOCKOUTAUTHSET;
    report.da.inLockout = permanent & TPMA_PERMANENT_INLOCKOUT;
    const std::uint32_t startup = p.value(TPM2_PT_STARTUP_CLEAR);
    report.platformHierarchyEnabled = startup & TPMA_STARTUP_CLEAR_PHENABLE;
    report.storageHierarchyEnabled = startup & TPMA_STARTUP_CLEAR_SHENABLE;
    report.endorsementHierarchyEnabled = startup & TPMA_STARTUP_CLEAR_EHENABLE;
    report.da.failedTries = p.value(TPM2_PT_LOCKOUT_COUNTER);
    report.da.maxTries = p.value(TPM2_PT_MAX_AUTH_FAIL);
    report.da.recoverySeconds = p.value(TPM2_PT_LOCKOUT_INTERVAL);
    report.da.lockoutRecoverySeconds = p.value(TPM2_PT_LOCKOUT_RECOVERY);
}

void fail(TpmReport &report, const Error &error)
{
    report.connectionError = error;
    const TpmErrorKind kind = tpmErrorKind(error);
    report.devicePresent
        = kind == TpmErrorKind::PermissionDenied || kind == TpmErrorKind::Tpm12Only;
    report.responding = false;
}

} // namespace

TpmReport TpmProbe::run(TpmConnection &connection)
{
    TpmReport report;
    report.tctiSource = tctiSourceName(connection.choice().source);

    const Result<TpmSession *> opened = connection.session();
    report.tcti = connection.tcti();
    if (!opened) {
        fail(report, opened.error());
        report.evaluateReadiness();
        return report;
    }
    TpmSession &session = **opened;

    const Result<QMap<std::uint32_t, std::uint32_t>> properties = session.properties();
    if (!properties) {
        fail(report, properties.error());
        report.evaluateReadiness();
        return report;
    }
    report.devicePresent = true;
    report.responding = true;
    fillFromProperties(report, *properties);

    const Result<QList<std::uint16_t>> algorithms = session.algorithms();
    const QList<std::uint16_t> algs = algorithms ? *algorithms : QList<std::uint16_t>();
    const Result<QList<std::uint16_t>> curves = session.eccCurves();
    const bool rsa2048 = algs.contains(TPM2_ALG_RSA) && session.testRsaKeyBits(2048).hasValue();
    const bool p256 = algs.contains(TPM2_ALG_ECC) && curves && curves->contains(TPM2_ECC_NIST_P256);
    report.algorithms = {
        { u"RSA-2048"_s, rsa2048 },
        { u"SHA-256"_s, algs.contains(TPM2_ALG_SHA256) },
        { u"RSASSA"_s, algs.contains(TPM2_ALG_RSASSA) },
        { u"RSA-OAEP"_s, algs.contains(TPM2_ALG_OAEP) },
        { u"RSAPSS"_s, algs.contains(TPM2_ALG_RSAPSS) },
        { u"ECC P-256"_s, p256 },
    };

    if (const Result<QList<std::uint16_t>> banks = session.pcrBanks()) {
        for (const std::uint16_t bank : *banks)
            report.pcrBanks << hashName(bank);
    }

    if (Result<TpmHandle> primary = session.storagePrimary()) {
        report.storagePrimaryCreated = true;
        primary->flush();
    } else {
        report.storagePrimaryError = primary.error();
    }

    // The connection may have gone in the middle of all this.
    if (session.isBroken()) {
        fail(report, tpmError(TSS2_BASE_RC_IO_ERROR | TSS2_TCTI_RC_LAYER, u"TpmProbe"));
    }
    report.evaluateReadiness();
    return report;
}

QFuture<TpmReport> TpmProbe::start(TpmWorker &worker)
{
    return worker.post<TpmReport>([](TpmConnection &connection) { return run(connection); });
}

TpmReport TpmProbe::runSync(TpmWorker &worker)
{
    const Result<TpmReport> report = worker.call<TpmReport>(
        [](TpmConnection &connection) -> Result<TpmReport> { return run(connection); });
    if (report)
        return *report;
    TpmReport stopped;
    stopped.connectionError = report.error();
    stopped.evaluateReadiness();
    return stopped;
}

} // namespace Entra
