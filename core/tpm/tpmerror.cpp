#include "tpmerror.h"

#include <tss2/tss2_common.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tpm2_types.h>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcTpm, "entra.tpm")

namespace Entra {

namespace {

constexpr std::uint32_t layerOf(std::uint32_t rc)
{
    return rc & TSS2_RC_LAYER_MASK;
}

bool isTpmLayer(std::uint32_t rc)
{
    const std::uint32_t layer = layerOf(rc);
    return layer == TSS2_TPM_RC_LAYER || layer == TSS2_RESMGR_TPM_RC_LAYER;
}

// The TPM response code without the handle/session/parameter number of format-one codes.
std::uint32_t tpmBaseCode(std::uint32_t rc)
{
    const std::uint32_t code = rc & 0xFFFFu;
    if (code & TPM2_RC_FMT1)
        return code & (TPM2_RC_FMT1 | 0x3Fu);
    return code & 0xFFFu;
}

// The TSS base code (TSS2_BASE_RC_*) of a code from a software layer (ESAPI, SYS, TCTI, ...).
std::uint32_t tssBaseCode(std::uint32_t rc)
{
    return rc & 0xFFFFu;
}

QString hex(std::uint32_t rc)
{
    return u"0x%1"_s.arg(rc, 8, 16, QLatin1Char('0'));
}

QString daSentence(const std::optional<TpmDaState> &da)
{
    if (!da || da->maxTries == 0)
        return {};
    return u" The TPM has counted %1 of %2 failed attempts; at %2 it locks out."_s
        .arg(da->failedTries)
        .arg(da->maxTries);
}

QString healSentence(const std::optional<TpmDaState> &da)
{
    if (!da || da->recoverySeconds == 0)
        return u" A failed attempt is forgotten after the TPM's recovery interval."_s;
    return u" One failed attempt is forgotten every %1."_s.arg(
        formatTpmDuration(da->recoverySeconds));
}

} // namespace

QString formatTpmDuration(quint32 seconds)
{
    const auto unit = [](quint32 n, QStringView one, QStringView many) {
        return u"%1 %2"_s.arg(n).arg(n == 1 ? one : many);
    };
    if (seconds < 60)
        return unit(seconds, u"second", u"seconds");
    const quint32 hours = seconds / 3600;
    const quint32 minutes = (seconds % 3600) / 60;
    const quint32 rest = seconds % 60;
    QStringList parts;
    if (hours)
        parts << unit(hours, u"hour", u"hours");
    if (minutes)
        parts << unit(minutes, u"minute", u"minutes");
    if (rest)
        parts << unit(rest, u"second", u"seconds");
    return parts.join(u' ');
}

TpmErrorKind tpmErrorKind(std::uint32_t rc)
{
    if (rc == TSS2_RC_SUCCESS)
        return TpmErrorKind::None;

    if (isTpmLayer(rc)) {
        const std::uint32_t code = rc & 0xFFFFu;
        // A TPM 1.2 answers TPM 2.0 commands with a 1.2 code (neither VER1 nor FMT1 set).
        if ((code & (TPM2_RC_VER1 | TPM2_RC_FMT1)) == 0)
            return TpmErrorKind::Tpm12Only;
        switch (tpmBaseCode(rc)) {
        case TPM2_RC_AUTH_FAIL:
        case TPM2_RC_BAD_AUTH:
            return TpmErrorKind::WrongPin;
        case TPM2_RC_LOCKOUT:
            return TpmErrorKind::LockedOut;
        case TPM2_RC_RETRY:
        case TPM2_RC_YIELDED:
        case TPM2_RC_TESTING:
        case TPM2_RC_CANCELED:
        case TPM2_RC_NV_RATE:
            return TpmErrorKind::Busy;
        case TPM2_RC_OBJECT_MEMORY:
        case TPM2_RC_SESSION_MEMORY:
        case TPM2_RC_MEMORY:
        case TPM2_RC_OBJECT_HANDLES:
        case TPM2_RC_SESSION_HANDLES:
            return TpmErrorKind::OutOfMemory;
        case TPM2_RC_HIERARCHY:
            return TpmErrorKind::HierarchyDisabled;
        case TPM2_RC_INTEGRITY:
        case TPM2_RC_BINDING:
            return TpmErrorKind::KeyMismatch;
        case TPM2_RC_KEY_SIZE:
        case TPM2_RC_SCHEME:
        case TPM2_RC_ASYMMETRIC:
        case TPM2_RC_HASH:
            return TpmErrorKind::Unsupported;
        default:
            return TpmErrorKind::Other;
        }
    }

    switch (tssBaseCode(rc)) {
    case TSS2_BASE_RC_NO_CONNECTION:
        return TpmErrorKind::Unreachable;
    case TSS2_BASE_RC_IO_ERROR:
    case TSS2_BASE_RC_MALFORMED_RESPONSE:
    case TSS2_BASE_RC_INSUFFICIENT_RESPONSE:
    case TSS2_BASE_RC_TRY_AGAIN:
        // The TCTI reports a refused connection at initialisation as an I/O error too; the
        // caller that opens the connection turns it into Unreachable.
        return TpmErrorKind::ConnectionLost;
    case TSS2_BASE_RC_NOT_PERMITTED:
        return TpmErrorKind::PermissionDenied;
    case TSS2_BASE_RC_MEMORY:
        return TpmErrorKind::OutOfMemory;
    case TSS2_BASE_RC_NOT_SUPPORTED:
        return TpmErrorKind::Unsupported;
    default:
        return TpmErrorKind::Other;
    }
}

bool tpmErrorBreaksConnection(std::uint32_t rc)
{
    if (isTpmLayer(rc) || rc == TSS2_RC_SUCCESS)
        return false;
    switch (tssBaseCode(rc)) {
    case TSS2_BASE_RC_NO_CONNECTION:
    case TSS2_BASE_RC_IO_ERROR:
    case TSS2_BASE_RC_MALFORMED_RESPONSE:
    case TSS2_BASE_RC_INSUFFICIENT_RESPONSE:
    case TSS2_BASE_RC_TRY_AGAIN:
    case TSS2_BASE_RC_BAD_SEQUENCE:
        return true;
    default:
        return false;
    }
}

Error tpmError(std::uint32_t rc, QStringView operation, const std::optional<TpmDaState> &da)
{
    Error error;
    error.domain = ErrorDomain::Tpm;
    error.code = qint64(rc);
    error.detail = u"%1: %2 %3"_s.arg(operation, hex(rc), QString::fromUtf8(Tss2_RC_Decode(rc)));

    switch (tpmErrorKind(rc)) {
    case TpmErrorKind::None:
        error.message = u"No error."_s;
        break;
    case TpmErrorKind::Tpm12Only:
        error.message = u"The TPM answered like a TPM 1.2; device registration needs a TPM 2.0."_s;
        error.fix = u"If the firmware offers it, switch the TPM to 2.0 mode in the firmware setup. "
                    u"Otherwise keys are kept in software."_s;
        break;
    case TpmErrorKind::WrongPin:
        if (da && da->inLockout) {
            error.message = u"The PIN is wrong, and the TPM is now locked out after too many "
                            u"failed attempts."_s
                + daSentence(da);
            error.fix = u"Wait for the TPM to forget a failed attempt, then use the right PIN."_s
                + healSentence(da);
        } else {
            error.message = u"The PIN (TPM authorization value) is wrong."_s + daSentence(da);
            error.fix = u"Try again with the right PIN; every wrong one counts toward the TPM's "
                        u"dictionary-attack lockout."_s
                + healSentence(da);
        }
        break;
    case TpmErrorKind::LockedOut:
        error.message = u"The TPM is locked out after too many wrong PINs (dictionary-attack "
                        u"protection), so it refuses keys that need a PIN."_s
            + daSentence(da);
        error.fix = u"Wait until the TPM forgets a failed attempt, or reset the lockout with the "
                    u"lockout password (tpm2_dictionarylockout --clear-lockout)."_s
            + healSentence(da);
        break;
    case TpmErrorKind::Busy:
        error.message = u"The TPM is busy and did not run the command."_s;
        error.fix = u"Try again in a moment."_s;
        break;
    case TpmErrorKind::OutOfMemory:
        error.message = u"The TPM has no room left for another loaded key or session."_s;
        error.fix = u"Another program may be holding TPM objects. Use the kernel resource manager "
                    u"(device:/dev/tpmrm0) or tpm2-abrmd instead of /dev/tpm0, then retry."_s;
        break;
    case TpmErrorKind::HierarchyDisabled:
        error.message = u"The TPM hierarchy needed for keys is disabled."_s;
        error.fix = u"Enable the TPM's storage hierarchy in the firmware setup (or clear the TPM "
                    u"from the firmware setup)."_s;
        break;
    case TpmErrorKind::KeyMismatch:
        error.message = u"The TPM cannot load this key: it was made by another TPM, or this TPM "
                        u"has been cleared since."_s;
        error.fix = u"The key is lost (like NTE_BAD_KEYSET on Windows): register the device or "
                    u"set up the PIN again. Do not clear the TPM of a registered device."_s;
        break;
    case TpmErrorKind::Unsupported:
        error.message = u"The TPM does not support the algorithm, key size or scheme asked for."_s;
        error.fix = u"Update the TPM firmware, or use software keys (--no-tpm)."_s;
        break;
    case TpmErrorKind::Unreachable:
        error.message = u"Could not connect to the TPM."_s;
        error.fix = u"Check the TCTI (--tcti or TSS2_TCTI). For a simulator, start it; for "
                    u"tpm2-abrmd, start the service."_s;
        break;
    case TpmErrorKind::ConnectionLost:
        error.message = u"The connection to the TPM was lost in the middle of a command."_s;
        error.fix = u"The TPM (or its simulator or resource manager) stopped answering. Start it "
                    u"again and retry; keys already stored are not affected."_s;
        break;
    case TpmErrorKind::PermissionDenied:
        error.message = u"This user is not allowed to use the TPM."_s;
        error.fix = u"Add the user to the tss group (sudo usermod -aG tss $USER, then log in "
                    u"again) and check the udev rule that gives the tss group /dev/tpmrm0."_s;
        break;
    case TpmErrorKind::NoDevice:
    case TpmErrorKind::KeyNotFound:
    case TpmErrorKind::BadKeyFile:
    case TpmErrorKind::WorkerStopped:
    case TpmErrorKind::Other:
        if (isTpmLayer(rc) && tpmBaseCode(rc) == TPM2_RC_INITIALIZE) {
            error.message = u"The TPM has not been started (TPM2_Startup)."_s;
            error.fix = u"The firmware normally starts it. For a simulator, start it with "
                        u"--flags startup-clear or run tpm2_startup -c."_s;
        } else if (isTpmLayer(rc) && tpmBaseCode(rc) == TPM2_RC_FAILURE) {
            error.message = u"The TPM reported an internal failure (TPM_RC_FAILURE)."_s;
            error.fix = u"If every command fails this way, the TPM is in failure mode: restart "
                        u"the computer, and update the TPM firmware if it persists."_s;
        } else {
            error.message = u"The TPM software stack reported an error in %1."_s.arg(operation);
            error.fix = u"See the technical detail; retry, and report it if it persists."_s;
        }
        break;
    }
    return error;
}

Error tpmLocalError(TpmLocalCode code, const QString &message, const QString &fix,
                    const QString &detail)
{
    Error error;
    error.domain = ErrorDomain::Tpm;
    error.code = code;
    error.message = message;
    error.fix = fix;
    error.detail = detail;
    return error;
}

TpmErrorKind tpmErrorKind(const Error &error)
{
    if (error.domain != ErrorDomain::Tpm)
        return TpmErrorKind::Other;
    if (error.code >= 0)
        return tpmErrorKind(std::uint32_t(error.code));
    switch (TpmLocalCode(error.code)) {
    case TpmCodeNoDevice:
        return TpmErrorKind::NoDevice;
    case TpmCodePermissionDenied:
        return TpmErrorKind::PermissionDenied;
    case TpmCodeTpm12Only:
        return TpmErrorKind::Tpm12Only;
    case TpmCodeKeyNotFound:
        return TpmErrorKind::KeyNotFound;
    case TpmCodeBadKeyFile:
        return TpmErrorKind::BadKeyFile;
    case TpmCodeWorkerStopped:
        return TpmErrorKind::WorkerStopped;
    case TpmCodeUnsupported:
        return TpmErrorKind::Unsupported;
    case TpmCodeUnreachable:
        return TpmErrorKind::Unreachable;
    case TpmCodeNotATpm:
    case TpmCodeInternal:
        break;
    }
    return TpmErrorKind::Other;
}

} // namespace Entra
