// The cloud's answers: DRS discovery, device-code, token and join answers, AADSTS and DRS
// ErrorDetails refusals, the token service's PRT answer and Graph's device object. The first
// byte chooses the reader (and the HTTP status for refusals); the rest is the body.
#include "fuzzsupport.h"

#include "cloud/clouderror.h"
#include "cloud/drsclient.h"
#include "diagnostics/clouddevicerecord.h"
#include "prt/prtresponse.h"

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const quint8 selector = data[0];
    HttpResponse response;
    response.status = 200;
    response.body = Fuzz::bytes(data + 1, size - 1);

    switch (selector % 8) {
    case 0: {
        static constexpr int statuses[] = {400, 401, 403, 404, 429, 500, 503, 302};
        response.status = statuses[(selector >> 3) % 8];
        const Error error = CloudError::fromResponse(response.status, response.body,
                                                     u"register the device"_s);
        if (error.message.isEmpty())
            Fuzz::invariantFailed("a refusal without a message");
        (void)CloudError::aadstsCode(response.body);
        (void)CloudError::oauthError(response.body);
        break;
    }
    case 1:
        (void)DrsClient::parseDiscovery(response);
        break;
    case 2:
        if (const Result<DeviceCodeChallenge> challenge = DrsClient::parseDeviceCode(response)) {
            // The sign-in polls every interval and gives up after expiresIn: both must be
            // usable as timer and QDateTime::addSecs arguments in milliseconds.
            if (challenge->intervalSeconds < 1 || challenge->intervalSeconds > 3600
                || challenge->expiresInSeconds < 0 || challenge->expiresInSeconds > 86400)
                Fuzz::invariantFailed("device-code timing out of range");
        }
        break;
    case 3:
        (void)DrsClient::parseTokens(response);
        break;
    case 4:
        (void)DrsClient::parseJoinResponse(response);
        break;
    case 5:
        if (const Result<PrtResponse> prt = PrtResponse::fromJson(response.body)) {
            (void)prt->upn();
            (void)prt->amr();
        }
        break;
    case 6:
        if (const Result<CloudDeviceRecord> device =
                CloudDeviceRecord::fromGraphJson(response.body)) {
            for (const QString &id : device->alternativeSecurityIds)
                (void)CloudDeviceRecord::thumbprintOf(id);
        }
        break;
    default:
        (void)CloudDeviceRecord::thumbprintOf(QString::fromUtf8(response.body));
        break;
    }
    return 0;
}
