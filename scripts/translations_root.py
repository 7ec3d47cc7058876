"""Fill the project-level catalogs (locale/) from this table, then compile.

Run after `manage.py makemessages` adds strings: .venv/bin/python scripts/translations_root.py
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("es", "fr", "de", "pt")
T = {
    "Unknown time zone: use an IANA name such as Europe/Paris.": (
        "Zona horaria desconocida: usa un nombre IANA como Europe/Paris.",
        "Fuseau horaire inconnu : utilisez un nom IANA comme Europe/Paris.",
        "Unbekannte Zeitzone: Verwende einen IANA-Namen wie Europe/Paris.",
        "Fuso horário desconhecido: use um nome IANA como Europe/Paris.",
    ),
    "email": ("correo electrónico", "e-mail", "E-Mail", "e-mail"),
    "first name": ("nombre", "prénom", "Vorname", "nome"),
    "last name": ("apellidos", "nom", "Nachname", "apelido"),
    "Verify email": ("Verificar correo", "Vérifier l'e-mail", "E-Mail bestätigen", "Verificar e-mail"),
    "Reset password": (
        "Restablecer contraseña",
        "Réinitialiser le mot de passe",
        "Passwort zurücksetzen",
        "Redefinir senha",
    ),
    "Free": ("Gratis", "Gratuit", "Kostenlos", "Grátis"),
    "Pro": ("Pro", "Pro", "Pro", "Pro"),
    "Granted by staff": (
        "Concedido por el equipo",
        "Accordé par l'équipe",
        "Vom Team gewährt",
        "Concedido pela equipe",
    ),
    "Apple App Store": ("App Store de Apple", "App Store d'Apple", "Apple App Store", "App Store da Apple"),
    "Google Play": ("Google Play", "Google Play", "Google Play", "Google Play"),
    "Invalid input.": ("Datos no válidos.", "Données invalides.", "Ungültige Eingabe.", "Dados inválidos."),
    "Bad request.": ("Solicitud incorrecta.", "Requête invalide.", "Ungültige Anfrage.", "Requisição inválida."),
    "You do not have permission to perform this action.": (
        "No tienes permiso para realizar esta acción.",
        "Vous n'avez pas la permission d'effectuer cette action.",
        "Du hast keine Berechtigung für diese Aktion.",
        "Você não tem permissão para realizar esta ação.",
    ),
    "Not found.": ("No encontrado.", "Introuvable.", "Nicht gefunden.", "Não encontrado."),
    "Something went wrong on our side.": (
        "Algo salió mal por nuestra parte.",
        "Un problème est survenu de notre côté.",
        "Bei uns ist etwas schiefgelaufen.",
        "Algo deu errado do nosso lado.",
    ),
    "The request could not be completed.": (
        "No se pudo completar la solicitud.",
        "La requête n'a pas pu aboutir.",
        "Die Anfrage konnte nicht abgeschlossen werden.",
        "Não foi possível concluir a requisição.",
    ),
    "That action is not allowed in the current state.": (
        "Esa acción no está permitida en el estado actual.",
        "Cette action n'est pas permise dans l'état actuel.",
        "Diese Aktion ist im aktuellen Zustand nicht erlaubt.",
        "Essa ação não é permitida no estado atual.",
    ),
    "The request conflicts with the current state.": (
        "La solicitud entra en conflicto con el estado actual.",
        "La requête est en conflit avec l'état actuel.",
        "Die Anfrage steht im Konflikt mit dem aktuellen Zustand.",
        "A requisição entra em conflito com o estado atual.",
    ),
    "Your plan does not allow this. Upgrade to Pro to lift the limit.": (
        "Tu plan no lo permite. Pásate a Pro para quitar el límite.",
        "Votre formule ne le permet pas. Passez à Pro pour lever la limite.",
        "Dein Tarif erlaubt das nicht. Wechsle zu Pro, um das Limit aufzuheben.",
        "Seu plano não permite isso. Assine o Pro para remover o limite.",
    ),
    "English": ("Inglés", "Anglais", "Englisch", "Inglês"),
    "Spanish": ("Español", "Espagnol", "Spanisch", "Espanhol"),
    "French": ("Francés", "Français", "Französisch", "Francês"),
    "German": ("Alemán", "Allemand", "Deutsch", "Alemão"),
    "Portuguese": ("Portugués", "Portugais", "Portugiesisch", "Português"),
    "Owner": ("Propietario", "Propriétaire", "Eigentümer", "Proprietário"),
    "Member": ("Miembro", "Membre", "Mitglied", "Membro"),
    "House": ("Casa", "Maison", "Haus", "Casa"),
    "Apartment": ("Apartamento", "Appartement", "Wohnung", "Apartamento"),
    "Condo": ("Condominio", "Copropriété", "Eigentumswohnung", "Condomínio"),
    "Townhouse": ("Casa adosada", "Maison de ville", "Reihenhaus", "Sobrado"),
    "Mobile home": ("Casa móvil", "Mobil-home", "Mobilheim", "Casa móvel"),
    "Cabin": ("Cabaña", "Chalet", "Hütte", "Cabana"),
    "Other": ("Otro", "Autre", "Sonstiges", "Outro"),
    "Appliances": ("Electrodomésticos", "Électroménager", "Haushaltsgeräte", "Eletrodomésticos"),
    "Cleaning": ("Limpieza", "Nettoyage", "Reinigung", "Limpeza"),
    "Electrical": ("Electricidad", "Électricité", "Elektrik", "Elétrica"),
    "Exterior": ("Exterior", "Extérieur", "Außenbereich", "Exterior"),
    "HVAC": ("Climatización", "CVC", "Heizung und Klima", "Climatização"),
    "Interior": ("Interior", "Intérieur", "Innenbereich", "Interior"),
    "Landscaping": ("Jardinería", "Aménagement paysager", "Garten", "Paisagismo"),
    "Plumbing": ("Fontanería", "Plomberie", "Sanitär", "Encanamento"),
    "Pest control": ("Control de plagas", "Lutte antiparasitaire", "Schädlingsbekämpfung", "Controle de pragas"),
    "Roofing": ("Tejado", "Toiture", "Dach", "Telhado"),
    "Safety": ("Seguridad", "Sécurité", "Sicherheit", "Segurança"),
    "Seasonal": ("De temporada", "Saisonnier", "Saisonal", "Sazonal"),
    "Low": ("Baja", "Basse", "Niedrig", "Baixa"),
    "Medium": ("Media", "Moyenne", "Mittel", "Média"),
    "High": ("Alta", "Haute", "Hoch", "Alta"),
    "Urgent": ("Urgente", "Urgente", "Dringend", "Urgente"),
    "Once": ("Una vez", "Une fois", "Einmalig", "Uma vez"),
    "Daily": ("Diaria", "Quotidienne", "Täglich", "Diária"),
    "Weekly": ("Semanal", "Hebdomadaire", "Wöchentlich", "Semanal"),
    "Every two weeks": ("Cada dos semanas", "Toutes les deux semaines", "Alle zwei Wochen", "A cada duas semanas"),
    "Monthly": ("Mensual", "Mensuelle", "Monatlich", "Mensal"),
    "Quarterly": ("Trimestral", "Trimestrielle", "Vierteljährlich", "Trimestral"),
    "Every six months": ("Cada seis meses", "Tous les six mois", "Alle sechs Monate", "A cada seis meses"),
    "Annually": ("Anual", "Annuelle", "Jährlich", "Anual"),
    "Custom": ("Personalizada", "Personnalisée", "Benutzerdefiniert", "Personalizada"),
    "General contractor": ("Contratista general", "Entrepreneur général", "Generalunternehmer", "Empreiteiro geral"),
    "Plumber": ("Fontanero", "Plombier", "Klempner", "Encanador"),
    "Electrician": ("Electricista", "Électricien", "Elektriker", "Eletricista"),
    "HVAC technician": (
        "Técnico de climatización",
        "Technicien CVC",
        "Heizungs- und Klimatechniker",
        "Técnico de climatização",
    ),
    "Roofer": ("Techador", "Couvreur", "Dachdecker", "Telhadista"),
    "Landscaper": ("Jardinero", "Paysagiste", "Gärtner", "Paisagista"),
    "Painter": ("Pintor", "Peintre", "Maler", "Pintor"),
    "Carpenter": ("Carpintero", "Menuisier", "Schreiner", "Carpinteiro"),
    "Cleaner": ("Limpiador", "Agent d'entretien", "Reinigungskraft", "Faxineiro"),
    "Appliance repair": (
        "Reparación de electrodomésticos",
        "Réparation d'électroménager",
        "Gerätereparatur",
        "Conserto de eletrodomésticos",
    ),
    "Handyman": ("Manitas", "Homme à tout faire", "Hausmeister", "Faz-tudo"),
    "Warranty": ("Garantía", "Garantie", "Garantie", "Garantia"),
    "Manual": ("Manual", "Manuel", "Handbuch", "Manual"),
    "Receipt": ("Recibo", "Reçu", "Beleg", "Recibo"),
    "Invoice": ("Factura", "Facture", "Rechnung", "Fatura"),
    "Insurance": ("Seguro", "Assurance", "Versicherung", "Seguro"),
    "Contract": ("Contrato", "Contrat", "Vertrag", "Contrato"),
    "Permit": ("Permiso", "Permis", "Genehmigung", "Licença"),
    "Inspection report": ("Informe de inspección", "Rapport d'inspection", "Prüfbericht", "Relatório de inspeção"),
    "From the completion date": (
        "Desde la fecha de finalización",
        "À partir de la date de réalisation",
        "Ab dem Erledigungsdatum",
        "A partir da data de conclusão",
    ),
    "Unknown document type.": (
        "Tipo de documento desconocido.",
        "Type de document inconnu.",
        "Unbekannter Dokumenttyp.",
        "Tipo de documento desconhecido.",
    ),
    "No such task in this residence.": (
        "No existe esa tarea en esta vivienda.",
        "Cette tâche n'existe pas dans ce logement.",
        "Diese Aufgabe gibt es in diesem Zuhause nicht.",
        "Essa tarefa não existe nesta residência.",
    ),
    "No such completion in this residence.": (
        "No existe esa realización en esta vivienda.",
        "Cette réalisation n'existe pas dans ce logement.",
        "Diese Erledigung gibt es in diesem Zuhause nicht.",
        "Essa conclusão não existe nesta residência.",
    ),
    "The file is larger than %(limit)d MB.": (
        "El archivo supera los %(limit)d MB.",
        "Le fichier dépasse %(limit)d Mo.",
        "Die Datei ist größer als %(limit)d MB.",
        "O arquivo é maior que %(limit)d MB.",
    ),
    "The file is empty.": (
        "El archivo está vacío.",
        "Le fichier est vide.",
        "Die Datei ist leer.",
        "O arquivo está vazio.",
    ),
    "Documents must be PDF, JPEG, PNG, HEIC, WebP or plain text.": (
        "Los documentos deben ser PDF, JPEG, PNG, HEIC, WebP o texto plano.",
        "Les documents doivent être au format PDF, JPEG, PNG, HEIC, WebP ou texte brut.",
        "Dokumente müssen PDF, JPEG, PNG, HEIC, WebP oder reiner Text sein.",
        "Os documentos devem ser PDF, JPEG, PNG, HEIC, WebP ou texto simples.",
    ),
    "This residence has reached its limit of %(limit)d documents. Upgrade to Pro for more.": (
        "Esta vivienda ha alcanzado su límite de %(limit)d documentos. Pásate a Pro para tener más.",
        "Ce logement a atteint sa limite de %(limit)d documents. Passez à Pro pour en ajouter.",
        "Dieses Zuhause hat sein Limit von %(limit)d Dokumenten erreicht. Wechsle zu Pro für mehr.",
        "Esta residência atingiu o limite de %(limit)d documentos. Assine o Pro para ter mais.",
    ),
    "The title cannot be blank.": (
        "El título no puede estar vacío.",
        "Le titre ne peut pas être vide.",
        "Der Titel darf nicht leer sein.",
        "O título não pode ficar em branco.",
    ),
    "Photos must be JPEG, PNG, HEIC or WebP.": (
        "Las fotos deben ser JPEG, PNG, HEIC o WebP.",
        "Les photos doivent être au format JPEG, PNG, HEIC ou WebP.",
        "Fotos müssen JPEG, PNG, HEIC oder WebP sein.",
        "As fotos devem ser JPEG, PNG, HEIC ou WebP.",
    ),
    "The file is too large.": (
        "El archivo es demasiado grande.",
        "Le fichier est trop volumineux.",
        "Die Datei ist zu groß.",
        "O arquivo é grande demais.",
    ),
    "Send uploads with a Content-Length header.": (
        "Envía las subidas con una cabecera Content-Length.",
        "Envoyez les fichiers avec un en-tête Content-Length.",
        "Sende Uploads mit einem Content-Length-Header.",
        "Envie os arquivos com um cabeçalho Content-Length.",
    ),
    "This type of file is not supported.": (
        "Este tipo de archivo no es compatible.",
        "Ce type de fichier n'est pas pris en charge.",
        "Dieser Dateityp wird nicht unterstützt.",
        "Este tipo de arquivo não é suportado.",
    ),
    "This field may not be blank.": (
        "Este campo no puede estar vacío.",
        "Ce champ ne peut pas être vide.",
        "Dieses Feld darf nicht leer sein.",
        "Este campo não pode ficar em branco.",
    ),
    "Use a two-letter ISO 3166-1 country code.": (
        "Usa un código de país ISO 3166-1 de dos letras.",
        "Utilisez un code pays ISO 3166-1 à deux lettres.",
        "Verwende einen zweistelligen Ländercode nach ISO 3166-1.",
        "Use um código de país ISO 3166-1 de duas letras.",
    ),
    "A contractor cannot move to another residence.": (
        "Un profesional no puede pasar a otra vivienda.",
        "Un artisan ne peut pas passer à un autre logement.",
        "Ein Handwerker kann nicht in ein anderes Zuhause wechseln.",
        "Um prestador não pode mudar para outra residência.",
    ),
    "Only the owner of this residence can change it.": (
        "Solo el propietario de esta vivienda puede modificarla.",
        "Seul le propriétaire de ce logement peut le modifier.",
        "Nur der Eigentümer dieses Zuhauses kann es ändern.",
        "Somente o proprietário desta residência pode alterá-la.",
    ),
    "Only the owner of this residence can do that.": (
        "Solo el propietario de esta vivienda puede hacer eso.",
        "Seul le propriétaire de ce logement peut faire cela.",
        "Nur der Eigentümer dieses Zuhauses kann das tun.",
        "Somente o proprietário desta residência pode fazer isso.",
    ),
    "Your plan's limit of residences is reached. Upgrade to Pro to add more.": (
        "Has alcanzado el límite de viviendas de tu plan. Pásate a Pro para añadir más.",
        "La limite de logements de votre formule est atteinte. Passez à Pro pour en ajouter.",
        "Das Limit deines Tarifs an Zuhauses ist erreicht. Wechsle zu Pro, um weitere hinzuzufügen.",
        "O limite de residências do seu plano foi atingido. Assine o Pro para adicionar mais.",
    ),
    "The owner cannot leave their own residence; delete it instead.": (
        "El propietario no puede abandonar su propia vivienda; elimínala en su lugar.",
        "Le propriétaire ne peut pas quitter son propre logement ; supprimez-le plutôt.",
        "Der Eigentümer kann sein eigenes Zuhause nicht verlassen; lösche es stattdessen.",
        "O proprietário não pode sair da própria residência; exclua-a em vez disso.",
    ),
    "Only the owner can remove other members.": (
        "Solo el propietario puede quitar a otros miembros.",
        "Seul le propriétaire peut retirer d'autres membres.",
        "Nur der Eigentümer kann andere Mitglieder entfernen.",
        "Somente o proprietário pode remover outros membros.",
    ),
    "Sharing a residence needs a Pro plan.": (
        "Compartir una vivienda requiere un plan Pro.",
        "Partager un logement nécessite la formule Pro.",
        "Zum Teilen eines Zuhauses brauchst du Pro.",
        "Compartilhar uma residência requer o plano Pro.",
    ),
    "This code is invalid or has expired.": (
        "Este código no es válido o ha caducado.",
        "Ce code est invalide ou a expiré.",
        "Dieser Code ist ungültig oder abgelaufen.",
        "Este código é inválido ou expirou.",
    ),
    "The owner's plan no longer allows sharing this residence.": (
        "El plan del propietario ya no permite compartir esta vivienda.",
        "La formule du propriétaire ne permet plus de partager ce logement.",
        "Der Tarif des Eigentümers erlaubt das Teilen dieses Zuhauses nicht mehr.",
        "O plano do proprietário não permite mais compartilhar esta residência.",
    ),
    "You are not a member of this residence.": (
        "No eres miembro de esta vivienda.",
        "Vous n'êtes pas membre de ce logement.",
        "Du bist kein Mitglied dieses Zuhauses.",
        "Você não é membro desta residência.",
    ),
    "A custom frequency needs 1 to 3650 days.": (
        "Una frecuencia personalizada necesita de 1 a 3650 días.",
        "Une fréquence personnalisée nécessite de 1 à 3650 jours.",
        "Eine benutzerdefinierte Häufigkeit braucht 1 bis 3650 Tage.",
        "Uma frequência personalizada precisa de 1 a 3650 dias.",
    ),
    "Only a custom frequency takes an interval.": (
        "Solo una frecuencia personalizada admite un intervalo.",
        "Seule une fréquence personnalisée accepte un intervalle.",
        "Nur eine benutzerdefinierte Häufigkeit hat ein Intervall.",
        "Somente uma frequência personalizada aceita um intervalo.",
    ),
    "A completed one-time task cannot become recurring.": (
        "Una tarea única ya realizada no puede pasar a ser periódica.",
        "Une tâche ponctuelle terminée ne peut pas devenir récurrente.",
        "Eine erledigte einmalige Aufgabe kann nicht wiederkehrend werden.",
        "Uma tarefa única concluída não pode se tornar recorrente.",
    ),
    "The contractor must belong to the task's residence.": (
        "El profesional debe pertenecer a la vivienda de la tarea.",
        "L'artisan doit appartenir au logement de la tâche.",
        "Der Handwerker muss zum Zuhause der Aufgabe gehören.",
        "O prestador deve pertencer à residência da tarefa.",
    ),
    "The assignee must be a member of the residence.": (
        "La persona asignada debe ser miembro de la vivienda.",
        "La personne assignée doit être membre du logement.",
        "Die zugewiesene Person muss Mitglied des Zuhauses sein.",
        "A pessoa designada deve ser membro da residência.",
    ),
    "Your plan allows %(limit)s active tasks per residence. Upgrade to Pro to add more.": (
        "Tu plan permite %(limit)s tareas activas por vivienda. Pásate a Pro para añadir más.",
        "Votre formule permet %(limit)s tâches actives par logement. Passez à Pro pour en ajouter.",
        "Dein Tarif erlaubt %(limit)s aktive Aufgaben pro Zuhause. Wechsle zu Pro, um weitere hinzuzufügen.",
        "Seu plano permite %(limit)s tarefas ativas por residência. Assine o Pro para adicionar mais.",
    ),
    "Unknown value.": ("Valor desconocido.", "Valeur inconnue.", "Unbekannter Wert.", "Valor desconhecido."),
    "No such contractor in this residence.": (
        "No existe ese profesional en esta vivienda.",
        "Cet artisan n'existe pas dans ce logement.",
        "Diesen Handwerker gibt es in diesem Zuhause nicht.",
        "Esse prestador não existe nesta residência.",
    ),
    "The assignee must be a member of this residence.": (
        "La persona asignada debe ser miembro de esta vivienda.",
        "La personne assignée doit être membre de ce logement.",
        "Die zugewiesene Person muss Mitglied dieses Zuhauses sein.",
        "A pessoa designada deve ser membro desta residência.",
    ),
    "Unknown recurrence anchor.": (
        "Ancla de recurrencia desconocida.",
        "Ancrage de récurrence inconnu.",
        "Unbekannter Wiederholungsanker.",
        "Âncora de recorrência desconhecida.",
    ),
    "Must be zero or more.": (
        "Debe ser cero o más.",
        "Doit être supérieur ou égal à zéro.",
        "Muss null oder mehr sein.",
        "Deve ser zero ou mais.",
    ),
    "This field may not be null.": (
        "Este campo no puede ser nulo.",
        "Ce champ ne peut pas être nul.",
        "Dieses Feld darf nicht null sein.",
        "Este campo não pode ser nulo.",
    ),
    "Give a timezone with the time.": (
        "Indica una zona horaria con la hora.",
        "Indiquez un fuseau horaire avec l'heure.",
        "Gib eine Zeitzone mit der Uhrzeit an.",
        "Informe um fuso horário com a hora.",
    ),
    "A completion cannot be in the future.": (
        "Una realización no puede estar en el futuro.",
        "Une réalisation ne peut pas être dans le futur.",
        "Eine Erledigung kann nicht in der Zukunft liegen.",
        "Uma conclusão não pode estar no futuro.",
    ),
    "Rating is 1 to 5.": (
        "La valoración va de 1 a 5.",
        "La note va de 1 à 5.",
        "Die Bewertung geht von 1 bis 5.",
        "A avaliação vai de 1 a 5.",
    ),
    "This task was just completed.": (
        "Esta tarea se acaba de completar.",
        "Cette tâche vient d'être réalisée.",
        "Diese Aufgabe wurde gerade erledigt.",
        "Esta tarefa acabou de ser concluída.",
    ),
    "Only the latest completion of a task can be undone.": (
        "Solo se puede deshacer la última realización de una tarea.",
        "Seule la dernière réalisation d'une tâche peut être annulée.",
        "Nur die letzte Erledigung einer Aufgabe kann rückgängig gemacht werden.",
        "Somente a última conclusão de uma tarefa pode ser desfeita.",
    ),
    "That completion is not of this task.": (
        "Esa realización no es de esta tarea.",
        "Cette réalisation n'appartient pas à cette tâche.",
        "Diese Erledigung gehört nicht zu dieser Aufgabe.",
        "Essa conclusão não é desta tarefa.",
    ),
    "That task is not in this residence.": (
        "Esa tarea no está en esta vivienda.",
        "Cette tâche n'est pas dans ce logement.",
        "Diese Aufgabe ist nicht in diesem Zuhause.",
        "Essa tarefa não está nesta residência.",
    ),
    "The photo could not be decoded.": (
        "No se pudo leer la foto.",
        "La photo n'a pas pu être décodée.",
        "Das Foto konnte nicht gelesen werden.",
        "Não foi possível ler a foto.",
    ),
    "Residence not found.": (
        "Vivienda no encontrada.",
        "Logement introuvable.",
        "Zuhause nicht gefunden.",
        "Residência não encontrada.",
    ),
    "On a fixed schedule": (
        "Según un calendario fijo",
        "Selon un calendrier fixe",
        "Nach festem Zeitplan",
        "Em um calendário fixo",
    ),
}


def main() -> int:
    missing = []
    for index, language in enumerate(COLUMNS):
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.msgid in T:
                entry.msgstr = T[entry.msgid][index]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            elif not entry.msgstr or "fuzzy" in entry.flags:
                missing.append((language, entry.msgid))
        catalog.save()
    subprocess.run([sys.executable, "manage.py", "compilemessages", "--ignore", ".venv"], cwd=ROOT, check=True)
    for language, msgid in missing:
        print(f"untranslated [{language}]: {msgid}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
