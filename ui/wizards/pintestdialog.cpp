#include "pintestdialog.h"

#include "hello/ngcstore.h"
#include "local/deviceenvironment.h"
#include "local/deviceservices.h"
#include "ops/prtoperation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

PinTestDialog::PinTestDialog(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent)
    : QDialog(parent)
    , m_environment(std::move(environment))
    , m_pin(new QLineEdit(this))
    , m_test(new QPushButton(u"Test"_s, this))
    , m_result(new QLabel(this))
{
    setWindowTitle(u"Test your Windows Hello PIN"_s);
    setObjectName(u"pinTestDialog"_s);
    m_pin->setObjectName(u"pin"_s);
    m_pin->setEchoMode(QLineEdit::Password);
    m_test->setObjectName(u"testButton"_s);
    m_test->setDefault(true);
    m_result->setObjectName(u"result"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_test, &QPushButton::clicked, this, &PinTestDialog::test);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout;
    form->addRow(u"PIN:"_s, m_pin);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(u"Signs in with your Windows Hello key the way the lock screen does: "
                             u"the PIN unlocks the key in the TPM, the key signs a fresh "
                             u"challenge, and the service answers with a PRT."_s,
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_test, 0, Qt::AlignRight);
    layout->addWidget(m_result);
    layout->addWidget(close);
    resize(480, 260);
}

PinTestDialog::~PinTestDialog() = default;

QString PinTestDialog::resultText() const
{
    return m_result->text();
}

void PinTestDialog::test()
{
    Result<std::unique_ptr<DeviceServices>> services = DeviceServices::open(*m_environment);
    Result<std::optional<NgcRegistration>> ngc = NgcStore(m_environment->stateDirectory()).load();
    if (!services || !ngc || !ngc->has_value()) {
        m_result->setText(!services  ? services.error().message
                              : !ngc ? ngc.error().message
                                     : u"No Windows Hello PIN is set up on this device."_s);
        return;
    }
    m_services = std::move(*services);
    m_operation = std::make_unique<PrtOperation>(
        m_services->prt(), m_services->keys(), *m_services->registration(), m_services->prtStore());
    connect(
        m_operation.get(), &PrtOperation::stepStarted, this,
        [this](PrtOperation::Step, const QString &title) { m_result->setText(title + u"…"_s); });
    connect(m_operation.get(), &PrtOperation::finished, this, [this](const StoredPrt &prt) {
        m_passed = true;
        m_test->setEnabled(true);
        m_result->setText(u"The PIN works: signed in as %1 with Windows Hello (%2)."_s.arg(
            prt.upn, prt.amr.join(u", "_s)));
        Q_EMIT tested(true);
    });
    connect(m_operation.get(), &PrtOperation::failed, this, [this](const Error &error) {
        m_passed = false;
        m_test->setEnabled(true);
        m_result->setText(error.fix.isEmpty() ? error.message
                                              : error.message + u"\n"_s + error.fix);
        Q_EMIT tested(false);
    });
    PrtCredential credential { PrtCredential::Kind::HelloKey, (*ngc)->upn, m_pin->text(),
                               (*ngc)->keyId, (*ngc)->publicKeyBlob };
    m_pin->clear();
    m_test->setEnabled(false);
    m_operation->acquire(credential);
}

} // namespace Entra::Ui
