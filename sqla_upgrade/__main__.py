from sqla_upgrade.guard import main

if __name__ == "__main__":
    main()
