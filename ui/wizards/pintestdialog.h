#pragma once

#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Entra {
class DeviceEnvironment;
class DeviceServices;
class PrtOperation;
} // namespace Entra

namespace Entra::Ui {

// "Test my PIN": unlock the Hello key with the PIN and sign in with it, as Windows does at the
// lock screen. A wrong PIN shows the TPM's dictionary-attack state; a lockout is reported, never
// worked around.
class PinTestDialog : public QDialog
{
    Q_OBJECT

public:
    PinTestDialog(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent = nullptr);
    ~PinTestDialog() override;

    QString resultText() const;
    bool passed() const { return m_passed; }

Q_SIGNALS:
    void tested(bool passed);

private:
    void test();

    std::shared_ptr<DeviceEnvironment> m_environment;
    QLineEdit *m_pin;
    QPushButton *m_test;
    QLabel *m_result;
    bool m_passed = false;
    std::unique_ptr<DeviceServices> m_services;
    std::unique_ptr<PrtOperation> m_operation;
};

} // namespace Entra::Ui
